using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Webhook signing secrets: generated here in Standard Webhooks' form (<c>whsec_</c> and 32 random bytes in base64),
/// shown once, and stored sealed with AES-GCM under a key derived from <c>Webhooks:Secret</c> (HKDF-SHA256), the
/// webhook's id bound in as associated data. Redis alone reveals none of them.
/// </summary>
public sealed class WebhookSecrets(IOptions<WebhookOptions> options)
{
    public const string Prefix = "whsec_";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _key = options.Value.Secret is { Length: > 0 } secret
        ? HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.UTF8.GetBytes("StreamingPlatform webhook secrets"))
        : null;

    public bool IsConfigured => _key is not null;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The bytes HMAC-SHA256 signs with: the base64 part of a <c>whsec_</c> secret.</summary>
    public static byte[] SigningKey(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public string Seal(string webhookId, string secret)
    {
        var key = _key ?? throw new InvalidOperationException("Webhooks:Secret is not set.");
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(webhookId));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The webhook's signing key; null when <c>Webhooks:Secret</c> is missing or is not the one it was sealed with.</summary>
    public byte[]? Open(Webhook webhook)
    {
        if (_key is null)
        {
            return null;
        }

        try
        {
            var sealedBytes = Convert.FromBase64String(webhook.SealedSecret);
            var plain = new byte[sealedBytes.Length - NonceSize - TagSize];
            using var aes = new AesGcm(_key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plain,
                Encoding.UTF8.GetBytes(webhook.Id));
            return SigningKey(Encoding.UTF8.GetString(plain));
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
