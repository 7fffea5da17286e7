using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamingPlatform.BroadcastState.Restream;

/// <summary>
/// A target's server address, as the platforms print it: <c>rtmp://a.rtmp.youtube.com/live2</c>,
/// <c>rtmps://live-api-s.facebook.com:443/rtmp/</c>. The RTMP application is the path; the stream key is not part of it.
/// </summary>
public sealed partial record RestreamAddress(bool Tls, string Host, int Port, string App)
{
    public const int MaxLength = 512;

    public const string Rule = "the server address is rtmp:// or rtmps://, a host, an optional port and the application path " +
        "(letters, digits, '.', '_', '~', '-' and '/'), without the stream key, a query or credentials, at most 512 characters";

    /// <summary>The address as RTMP's connect command names it (its tcUrl): scheme, host, port when not the default, application.</summary>
    public string TcUrl => $"{(Tls ? "rtmps" : "rtmp")}://{(Host.Contains(':') ? $"[{Host}]" : Host)}{(Port == DefaultPort(Tls) ? "" : $":{Port}")}/{App}";

    public static bool TryParse(string? url, [NotNullWhen(true)] out RestreamAddress? address)
    {
        address = null;
        if (url is null || url.Length > MaxLength || AddressRegex().Match(url) is not { Success: true } match)
        {
            return false;
        }

        var app = match.Groups["app"].Value.TrimEnd('/');
        if (app.Length == 0 || app.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return false;
        }

        var tls = match.Groups["scheme"].Value == "rtmps";
        var port = DefaultPort(tls);
        if (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return false;
        }

        var host = match.Groups["host"].Value.Trim('[', ']');
        address = new RestreamAddress(tls, host, port, app);
        return true;
    }

    private static int DefaultPort(bool tls) => tls ? 443 : 1935;

    [GeneratedRegex(@"^(?<scheme>rtmps?)://(?<host>[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::(?<port>[0-9]{1,5}))?/(?<app>[A-Za-z0-9._~/-]{1,400})\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex AddressRegex();
}
