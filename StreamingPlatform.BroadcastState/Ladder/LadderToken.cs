using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace StreamingPlatform.BroadcastState.Ladder;

/// <summary>
/// What the transcoder's RTMP URLs carry instead of the ladder secret: those URLs are on its FFmpeg's command line, which
/// any local user reads (<c>ps</c>, <c>/proc/&lt;pid&gt;/cmdline</c>). <c>&lt;expiry unix seconds&gt;.&lt;HMAC-SHA256 of
/// stream name and expiry under the secret&gt;</c>: good for one stream name, for <see cref="Lifetime"/>. nginx asks the
/// Api only when a connection starts, so a running transcoder outlives its token; a restart makes a new one.
/// </summary>
public static class LadderToken
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>How far the Api's clock may run behind the worker's.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static string Create(string secret, string name, DateTimeOffset now)
    {
        var expires = (now + Lifetime).ToUnixTimeSeconds();
        return $"{expires.ToString(CultureInfo.InvariantCulture)}.{Mac(secret, name, expires)}";
    }

    /// <summary>Null when <paramref name="token"/> admits <paramref name="name"/> now, else why not (never the token).</summary>
    public static string? Refusal(string secret, string name, string token, DateTimeOffset now)
    {
        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return "malformed ladder token";
        }

        var expected = Encoding.ASCII.GetBytes(Mac(secret, name, expires));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(token[(dot + 1)..]), expected))
        {
            return "wrong ladder token";
        }

        var seconds = now.ToUnixTimeSeconds();
        return expires < seconds ? "expired ladder token"
            : expires > seconds + (long)(Lifetime + ClockSkew).TotalSeconds ? "ladder token valid for too long"
            : null;
    }

    private static string Mac(string secret, string name, long expires) => Base64Url.EncodeToString(
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{name}\n{expires.ToString(CultureInfo.InvariantCulture)}")));
}
