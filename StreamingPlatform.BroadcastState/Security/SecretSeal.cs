using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.BroadcastState.Security;

/// <summary>
/// A secret stored so that Redis alone does not reveal it: AES-256-GCM under a key derived (HKDF-SHA256) from a configured
/// secret and a purpose (one setting can serve several uses without their seals opening each other), with the owner's id
/// bound in as associated data (a sealed value copied onto another owner does not open). Stored as base64 of a version
/// byte, the nonce, the tag and the ciphertext; the version byte is authenticated too.
/// </summary>
public sealed class SecretSeal
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;
    private readonly byte[] _key;

    public SecretSeal(string secret, string purpose) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes(purpose));

    public string Seal(string owner, string plain)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var sealedBytes = new byte[HeaderSize + plainBytes.Length];
        sealedBytes[0] = Version;
        var nonce = sealedBytes.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plainBytes, sealedBytes.AsSpan(HeaderSize), sealedBytes.AsSpan(1 + NonceSize, TagSize), AssociatedData(owner));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret, or null when it was sealed under another secret, purpose or owner, or was altered.</summary>
    public string? Open(string owner, string sealedValue)
    {
        var sealedBytes = new byte[sealedValue.Length];
        if (!Convert.TryFromBase64String(sealedValue, sealedBytes, out var length) || length < HeaderSize || sealedBytes[0] != Version)
        {
            return null;
        }

        var plainBytes = new byte[length - HeaderSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(1, NonceSize), sealedBytes.AsSpan(HeaderSize, plainBytes.Length), sealedBytes.AsSpan(1 + NonceSize, TagSize),
                plainBytes, AssociatedData(owner));
            return Encoding.UTF8.GetString(plainBytes);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] AssociatedData(string owner) => [Version, .. Encoding.UTF8.GetBytes(owner)];
}
