using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.GoLive;

namespace StreamingPlatform.Tests.GoLive;

public sealed class PublishGrantTests
{
    private const string Secret = "test-hook-secret-0123456789";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly StreamKeyHash Key = StreamKey.Hash("studio", StreamKey.Generate());

    [Fact]
    public void AGrantAdmitsItsChannelUnderItsKeyUntilItExpires()
    {
        var (grant, id) = PublishGrant.Create(Secret, "studio", Key, Now);

        var atExpiry = PublishGrant.Check(Secret, "studio", Key, grant, Now + PublishGrant.Lifetime, checkExpiry: true);
        Assert.Equal(id, atExpiry.Id);
        Assert.Null(atExpiry.Refusal);
        Assert.Equal("expired publish grant", PublishGrant.Check(Secret, "studio", Key, grant, Now + PublishGrant.Lifetime + TimeSpan.FromSeconds(1), checkExpiry: true).Refusal);
        // A heartbeat of the connection it opened: the connection outlives the grant.
        Assert.Equal(id, PublishGrant.Check(Secret, "studio", Key, grant, Now + TimeSpan.FromHours(3), checkExpiry: false).Id);
    }

    [Fact]
    public void AGrantIsRefusedForAnotherChannelARotatedKeyAnotherSecretOrAnyChange()
    {
        var (grant, _) = PublishGrant.Create(Secret, "studio", Key, Now);
        var rotated = StreamKey.Hash("studio", StreamKey.Generate());
        var tampered = grant[..^1] + (grant[^1] == 'A' ? 'B' : 'A');
        var longer = $"{Now.ToUnixTimeSeconds() + 3600}{grant[grant.IndexOf('.', StringComparison.Ordinal)..]}";

        Assert.NotNull(PublishGrant.Check(Secret, "studio2", Key, grant, Now, checkExpiry: true).Refusal);
        Assert.NotNull(PublishGrant.Check(Secret, "studio", rotated, grant, Now, checkExpiry: false).Refusal);
        Assert.NotNull(PublishGrant.Check(Secret + "x", "studio", Key, grant, Now, checkExpiry: true).Refusal);
        Assert.NotNull(PublishGrant.Check(Secret, "studio", Key, tampered, Now, checkExpiry: true).Refusal);
        Assert.NotNull(PublishGrant.Check(Secret, "studio", Key, longer, Now, checkExpiry: true).Refusal);
        Assert.Equal("malformed publish grant", PublishGrant.Check(Secret, "studio", Key, "x.y.z", Now, checkExpiry: true).Refusal);
        Assert.Equal("malformed publish grant", PublishGrant.Check(Secret, "studio", Key, grant + "\n", Now, checkExpiry: true).Refusal);
    }
}
