using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>
/// Standard Webhooks' signature: <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, sent with the
/// headers <c>webhook-id</c>, <c>webhook-timestamp</c> (unix seconds of the attempt) and <c>webhook-signature</c>.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    public static string Sign(byte[] key, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
}
