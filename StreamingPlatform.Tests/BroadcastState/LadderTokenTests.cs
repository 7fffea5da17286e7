using StreamingPlatform.BroadcastState.Ladder;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>The ladder token: what the transcoder's command line shows instead of the ladder secret.</summary>
public sealed class LadderTokenTests
{
    private const string Secret = "unit-ladder-secret-0123456789";
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-06T21:00:00Z");

    [Fact]
    public void TokenAdmitsItsStreamUntilItExpiresAndHoldsNoSecret()
    {
        var token = LadderToken.Create(Secret, "cam", Now);

        Assert.DoesNotContain(Secret, token, StringComparison.Ordinal);
        Assert.Null(LadderToken.Refusal(Secret, "cam", token, Now));
        Assert.Null(LadderToken.Refusal(Secret, "cam", token, Now + LadderToken.Lifetime));
        Assert.Equal("expired ladder token", LadderToken.Refusal(Secret, "cam", token, Now + LadderToken.Lifetime + TimeSpan.FromSeconds(1)));
        Assert.Equal("wrong ladder token", LadderToken.Refusal(Secret, "cam_480p", token, Now));
        Assert.Equal("wrong ladder token", LadderToken.Refusal("another-ladder-secret-0123", "cam", token, Now));
    }

    [Theory]
    [InlineData(Secret)]
    [InlineData("")]
    [InlineData(".abc")]
    [InlineData("-5.abc")]
    public void SecretItselfOrAMalformedTokenIsRefused(string token) => Assert.NotNull(LadderToken.Refusal(Secret, "cam", token, Now));

    [Fact]
    public void TokenWhoseExpiryWasPushedFarAheadIsRefused()
    {
        var far = LadderToken.Create(Secret, "cam", Now + TimeSpan.FromHours(1));

        Assert.Equal("ladder token valid for too long", LadderToken.Refusal(Secret, "cam", far, Now));
    }
}
