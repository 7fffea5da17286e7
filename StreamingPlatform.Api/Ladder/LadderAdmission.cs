using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Ladder;

/// <summary>
/// Who may play a channel over RTMP or publish a rendition: the ladder's transcoder, by its secret, and nginx's own push of
/// each stream to the dvr application. Viewers watch over HLS and never need RTMP play; an address is no proof
/// (Container Apps' TCP ingress, a container bridge).
/// </summary>
public sealed class LadderAdmission(IOptions<LadderOptions> options, TimeProvider time)
{
    /// <summary>
    /// Null when <paramref name="token"/> is a ladder token of <paramref name="name"/> (<see cref="LadderToken"/>, made from
    /// the transcoder's secret) that has not expired, else why it is refused (never the token).
    /// </summary>
    public string? Refusal(string name, string? token) => (options.Value.Secret, token) switch
    {
        (null or "", _) => $"the quality ladder is off ({SettingNames.LadderSecret} is not set)",
        (_, null) => "no ladder token",
        var (secret, given) => LadderToken.Refusal(secret, name, given, time.GetUtcNow()),
    };

    /// <summary>
    /// nginx's push to the dvr application plays from live like a client (on_play, no arguments). nginx gives a relay
    /// connection its target's URL as its address (ngx_rtmp_relay_module: <c>c->addr_text = rctx->url</c>, for example
    /// <c>127.0.0.1:1935/dvr</c>), which the address of a client's TCP connection never looks like.
    /// </summary>
    /// <param name="address">The hook's <c>addr</c> field.</param>
    public static bool IsNginxRelay(string? address) => address?.Contains('/', StringComparison.Ordinal) == true;
}
