using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using StreamingPlatform.BroadcastState.Media;

namespace Aspire.Hosting;

/// <summary>Where the HTTPS front's and RTMPS's certificate comes from.</summary>
internal enum TlsMode
{
    /// <summary>Let's Encrypt (ACME), obtained and renewed by Caddy for <c>AppHost:PublicHost</c>.</summary>
    Acme,

    /// <summary>The operator's own certificate and key files.</summary>
    Files,

    /// <summary>Caddy's own certificate authority (<c>tls internal</c>): for a LAN and tests; devices must trust its root.</summary>
    Internal,
}

/// <summary>
/// HTTPS and RTMPS (docs/https.md), on when one of <c>AppHost:Tls:Email</c> (ACME), <c>AppHost:Tls:CertificateFile</c>
/// + <c>KeyFile</c> or <c>AppHost:Tls:Internal=true</c> is set. Read and checked before Aspire starts anything, so a
/// wrong setting stops the AppHost with its name.
/// </summary>
internal sealed partial record TlsSettings(TlsMode Mode, string PublicHost, int HttpsPort, int RtmpsPort, string? Email, string? CertificateFile, string? KeyFile)
{
    public const string Section = "AppHost:Tls";
    private const string PublicHostSetting = PublicAddress.HostSetting;
    public const string HttpsPortSetting = "AppHost:HttpsPort";
    public const string RtmpsPortSetting = "AppHost:RtmpsPort";
    public const string EmailSetting = $"{Section}:Email";
    public const string CertificateFileSetting = $"{Section}:CertificateFile";
    public const string KeyFileSetting = $"{Section}:KeyFile";
    public const string InternalSetting = $"{Section}:Internal";

    private const int DefaultHttpsPort = 443;

    // 443 is Caddy's; RTMPS gets a port of its own (MediaMTX's default), see docs/https.md.
    private const int DefaultRtmpsPort = 1936;

    /// <summary>
    /// Null (and no problem) when TLS is not asked for; otherwise the settings for <paramref name="publicHost"/> (the
    /// checked <see cref="PublicAddress"/>), or what is wrong with them.
    /// </summary>
    public static TlsSettings? Read(IConfiguration configuration, string publicHost, out string problem)
    {
        problem = "";
        var email = Value(configuration, EmailSetting);
        var certificateFile = Value(configuration, CertificateFileSetting);
        var keyFile = Value(configuration, KeyFileSetting);
        var internalSetting = Value(configuration, InternalSetting);
        if (internalSetting is not (null or "true" or "false"))
        {
            problem = $"{InternalSetting} is '{internalSetting}': use true or false.";
            return null;
        }

        var modes = new List<TlsMode>();
        if (email is not null)
        {
            modes.Add(TlsMode.Acme);
        }

        if (certificateFile is not null || keyFile is not null)
        {
            modes.Add(TlsMode.Files);
        }

        if (internalSetting == "true")
        {
            modes.Add(TlsMode.Internal);
        }

        if (modes.Count == 0)
        {
            return null;
        }

        if (modes.Count > 1)
        {
            problem = $"Set only one of {EmailSetting} (ACME), {CertificateFileSetting} + {KeyFileSetting} (your certificate) or {InternalSetting}=true (Caddy's own CA).";
            return null;
        }

        if (!TryPort(configuration, HttpsPortSetting, DefaultHttpsPort, out var httpsPort, out problem)
            || !TryPort(configuration, RtmpsPortSetting, DefaultRtmpsPort, out var rtmpsPort, out problem))
        {
            return null;
        }

        if (httpsPort == rtmpsPort)
        {
            problem = $"{HttpsPortSetting} and {RtmpsPortSetting} are both {httpsPort}: HTTPS (Caddy) and RTMPS (nginx) need a port each.";
            return null;
        }

        var settings = new TlsSettings(modes[0], publicHost, httpsPort, rtmpsPort, email, certificateFile, keyFile);
        problem = modes[0] switch
        {
            TlsMode.Acme => AcmeProblem(settings),
            TlsMode.Files => FilesProblem(settings),
            _ => "",
        };
        return problem.Length == 0 ? settings : null;
    }

    /// <summary>Where viewers fetch HLS: through the HTTPS front, so a page served over HTTPS loads nothing over HTTP.</summary>
    public string HlsPublicUrl => $"{Origin("https", HttpsPort, DefaultHttpsPort)}{HlsLayout.HttpPath}";

    /// <summary>The RTMPS application shown to publishers.</summary>
    public string RtmpsPublicUrl => $"{Origin("rtmps", RtmpsPort, defaultPort: null)}/live";

    /// <summary>The web app's address.</summary>
    public string WebUrl => $"{Origin("https", HttpsPort, DefaultHttpsPort)}/";

    private string Origin(string scheme, int port, int? defaultPort)
    {
        var host = IPAddress.TryParse(PublicHost, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{PublicHost}]"
            : PublicHost;
        return port == defaultPort ? $"{scheme}://{host}" : $"{scheme}://{host}:{port}";
    }

    private static string AcmeProblem(TlsSettings settings)
    {
        if (!EmailPattern().IsMatch(settings.Email!))
        {
            return $"{EmailSetting} is '{settings.Email}', which is not an e-mail address: the certificate authority writes to it about the certificate.";
        }

        // Let's Encrypt issues for public domain names only: not for an IP address, localhost or a single label.
        return IPAddress.TryParse(settings.PublicHost, out _) || !settings.PublicHost.Contains('.') || settings.PublicHost.EndsWith(".localhost", StringComparison.Ordinal)
            ? $"{PublicHostSetting} is '{settings.PublicHost}': ACME ({EmailSetting}) needs a public domain name whose DNS points at this machine. On a LAN or with an IP address use {InternalSetting}=true or your own certificate ({CertificateFileSetting} + {KeyFileSetting})."
            : "";
    }

    private static string FilesProblem(TlsSettings settings)
    {
        if (settings.CertificateFile is null || settings.KeyFile is null)
        {
            return $"{CertificateFileSetting} and {KeyFileSetting} go together: set both (PEM files).";
        }

        foreach (var (setting, path) in new[] { (CertificateFileSetting, settings.CertificateFile), (KeyFileSetting, settings.KeyFile) })
        {
            if (!Path.IsPathFullyQualified(path) || !SafePathPattern().IsMatch(path))
            {
                return $"{setting} is '{path}': an absolute path of the characters A-Z a-z 0-9 . _ / @ + - (nginx's and Caddy's configuration quote it).";
            }

            if (!File.Exists(path))
            {
                return $"{setting} is '{path}', which does not exist.";
            }
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPemFile(settings.CertificateFile, settings.KeyFile);
            if (!certificate.MatchesHostname(settings.PublicHost))
            {
                return $"{CertificateFileSetting} is for {certificate.GetNameInfo(X509NameType.DnsName, forIssuer: false)}, not for {PublicHostSetting} '{settings.PublicHost}'.";
            }
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            return $"{CertificateFileSetting} and {KeyFileSetting} are not a PEM certificate and its private key ({exception.Message}).";
        }

        return "";
    }

    private static bool TryPort(IConfiguration configuration, string setting, int defaultPort, out int port, out string problem)
    {
        problem = "";
        var value = Value(configuration, setting);
        if (value is null)
        {
            port = defaultPort;
            return true;
        }

        if (int.TryParse(value, out port) && port is > 0 and < 65536)
        {
            return true;
        }

        problem = $"{setting} is '{value}': a TCP port, 1 to 65535.";
        return false;
    }

    private static string? Value(IConfiguration configuration, string setting) =>
        configuration[setting]?.Trim() is { Length: > 0 } value ? value : null;

    [GeneratedRegex(@"^[^@\s""'{}]+@[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+\z")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^/[A-Za-z0-9._/@+-]+\z")]
    private static partial Regex SafePathPattern();
}
