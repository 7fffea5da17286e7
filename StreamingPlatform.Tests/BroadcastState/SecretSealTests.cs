using System.Text;
using StreamingPlatform.BroadcastState.Security;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>The one way secrets are stored sealed (restream stream keys, webhook signing secrets).</summary>
public sealed class SecretSealTests
{
    private const string Secret = "unit-seal-secret-0123456789";
    private const string Purpose = "unit test values";
    private const string Plain = "the-value-to-keep-0123456789";

    [Fact]
    public void ASealedValueOpensOnlyUnderItsSecretPurposeAndOwnerAndShowsNothingOfIt()
    {
        var seal = new SecretSeal(Secret, Purpose);
        var sealedValue = seal.Seal("owner-1", Plain);

        Assert.Equal(Plain, seal.Open("owner-1", sealedValue));
        Assert.DoesNotContain(Plain, Encoding.UTF8.GetString(Convert.FromBase64String(sealedValue)), StringComparison.Ordinal);
        Assert.NotEqual(sealedValue, seal.Seal("owner-1", Plain)); // a fresh nonce every time
        Assert.Null(new SecretSeal("another-seal-secret-0123456789", Purpose).Open("owner-1", sealedValue));
        Assert.Null(new SecretSeal(Secret, "another purpose").Open("owner-1", sealedValue));
        Assert.Null(seal.Open("owner-2", sealedValue));
        Assert.Null(seal.Open("owner-1", "not base64!"));
        Assert.Null(seal.Open("owner-1", ""));
    }

    [Fact]
    public void TheLayoutIsAVersionByteNonceTagAndCiphertextAndAnyAlteredByteRefusesToOpen()
    {
        var seal = new SecretSeal(Secret, Purpose);
        var bytes = Convert.FromBase64String(seal.Seal("owner-1", Plain));

        Assert.Equal(1, bytes[0]);
        Assert.Equal(1 + 12 + 16 + Encoding.UTF8.GetByteCount(Plain), bytes.Length);
        for (var i = 0; i < bytes.Length; i++)
        {
            var altered = (byte[])bytes.Clone();
            altered[i] ^= 1;
            Assert.Null(seal.Open("owner-1", Convert.ToBase64String(altered)));
        }

        Assert.Null(seal.Open("owner-1", Convert.ToBase64String(bytes[..^1])));
        Assert.Null(seal.Open("owner-1", Convert.ToBase64String(bytes[..28])));
    }
}
