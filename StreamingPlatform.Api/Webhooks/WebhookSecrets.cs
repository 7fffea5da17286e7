using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Security;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Webhook signing secrets: generated here in Standard Webhooks' form (<c>whsec_</c> and 32 random bytes in base64),
/// shown once, and stored sealed (<see cref="SecretSeal"/>) under <see cref="WebhookOptions.Secret"/>, bound to the
/// webhook's id. Redis alone reveals none of them.
/// </summary>
public sealed class WebhookSecrets(IOptions<WebhookOptions> options)
{
    public const string Prefix = "whsec_";

    private readonly SecretSeal? _seal = options.Value.Secret is { Length: > 0 } secret
        ? new SecretSeal(secret, "StreamingPlatform webhook signing secret")
        : null;

    public bool IsConfigured => _seal is not null;

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The bytes HMAC-SHA256 signs with: the base64 part of a <c>whsec_</c> secret.</summary>
    public static byte[] SigningKey(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public string Seal(string webhookId, string secret) =>
        (_seal ?? throw new InvalidOperationException($"{SettingNames.WebhooksSecret} is not set.")).Seal(webhookId, secret);

    /// <summary>The webhook's signing key; null when <see cref="WebhookOptions.Secret"/> is missing or is not the one it was sealed with.</summary>
    public byte[]? Open(Webhook webhook) => _seal?.Open(webhook.Id, webhook.SealedSecret) is { } secret ? SigningKey(secret) : null;
}
