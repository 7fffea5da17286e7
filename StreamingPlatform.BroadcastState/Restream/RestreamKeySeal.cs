using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// A target's stream key as stored: AES-256-GCM under a key derived (HKDF-SHA256) from <see cref="RestreamOptions.Secret"/>,
/// bound to its channel and target id (a sealed key copied onto another target does not open). Base64 of nonce,
/// ciphertext and tag.
/// </summary>
public sealed class RestreamKeySeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly byte[] Purpose = "StreamingPlatform restream target stream key v1"u8.ToArray();
    private readonly byte[] _key;

    public RestreamKeySeal(string secret) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Purpose);

    public string Seal(string channel, string targetId, string streamKey)
    {
        var plain = Encoding.UTF8.GetBytes(streamKey);
        var sealedKey = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedKey.AsSpan(NonceSize, plain.Length), sealedKey.AsSpan(NonceSize + plain.Length), Binding(channel, targetId));
        return Convert.ToBase64String(sealedKey);
    }

    /// <summary>The stream key, or null when it was sealed under another secret or for another target, or was altered.</summary>
    public string? Open(string channel, string targetId, string sealedKey)
    {
        var bytes = new byte[sealedKey.Length];
        if (!Convert.TryFromBase64String(sealedKey, bytes, out var length) || length < NonceSize + TagSize)
        {
            return null;
        }

        var cipher = bytes.AsSpan(NonceSize, length - NonceSize - TagSize);
        var plain = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(bytes.AsSpan(0, NonceSize), cipher, bytes.AsSpan(length - TagSize, TagSize), plain, Binding(channel, targetId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static byte[] Binding(string channel, string targetId) => Encoding.UTF8.GetBytes($"{channel}\n{targetId}");
}
