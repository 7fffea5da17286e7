using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StreamingPlatform.Api.Channels;

namespace StreamingPlatform.Api.GoLive;

/// <summary>
/// What the Api's FFmpeg shows nginx instead of the stream key when it publishes a browser's broadcast: its RTMP URL
/// stands on FFmpeg's command line, which any local user reads. <c>&lt;expiry unix seconds&gt;.&lt;grant id&gt;.&lt;HMAC&gt;</c>,
/// the HMAC (under a key derived from the hook secret) covering the channel, the expiry, the id and the channel's stored key
/// hash: the publish hook admits it once (<see cref="GrantStore"/>) before it expires, and every heartbeat checks it
/// again against the key hash stored now, so rotating the key cuts the browser off as it cuts off an RTMP app.
/// </summary>
public static partial class PublishGrant
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>How long a used grant is remembered: past its expiry, with room for a clock running behind.</summary>
    public static readonly TimeSpan UseMemory = Lifetime + TimeSpan.FromMinutes(1);

    public static (string Grant, string Id) Create(string hookSecret, string channel, StreamKeyHash key, DateTimeOffset now)
    {
        var expires = (now + Lifetime).ToUnixTimeSeconds();
        var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        return ($"{expires.ToString(CultureInfo.InvariantCulture)}.{id}.{Mac(hookSecret, channel, key, expires, id)}", id);
    }

    /// <summary>The grant's id when <paramref name="grant"/> admits <paramref name="channel"/> under its key now, else why not
    /// (never the grant). A heartbeat asks with <paramref name="checkExpiry"/> off: the connection outlives the grant.</summary>
    public static (string? Id, string? Refusal) Check(string hookSecret, string channel, StreamKeyHash key, string grant, DateTimeOffset now, bool checkExpiry)
    {
        if (GrantPattern().Match(grant) is not { Success: true } parts
            || !long.TryParse(parts.Groups["expires"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return (null, "malformed publish grant");
        }

        var id = parts.Groups["id"].Value;
        var expected = Encoding.ASCII.GetBytes(Mac(hookSecret, channel, key, expires, id));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(parts.Groups["mac"].Value), expected))
        {
            return (null, "publish grant not valid for this channel's key");
        }

        return checkExpiry && expires < now.ToUnixTimeSeconds() ? (null, "expired publish grant") : (id, null);
    }

    private static string Mac(string hookSecret, string channel, StreamKeyHash key, long expires, string id)
    {
        var signingKey = SHA256.HashData(Encoding.UTF8.GetBytes($"publish grant\n{hookSecret}"));
        var message = $"{channel}\n{expires.ToString(CultureInfo.InvariantCulture)}\n{id}\n{key.Salt}\n{key.Hash}";
        return Base64Url.EncodeToString(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(message)));
    }

    [GeneratedRegex(@"^(?<expires>[0-9]{1,12})\.(?<id>[A-Za-z0-9_-]{22})\.(?<mac>[A-Za-z0-9_-]{43})\z", RegexOptions.CultureInvariant)]
    private static partial Regex GrantPattern();
}
