using System.Text;
using StreamingPlatform.BroadcastState.Media;

namespace Aspire.Hosting;

/// <summary>
/// The HTTPS front's configuration (a Caddyfile for Debian's caddy 2.6), written by the AppHost on every start. The
/// upstreams are Caddy environment placeholders that Aspire fills in (<see cref="HttpsFront"/>), so the same file works
/// for a process and a container.
/// </summary>
internal static class Caddyfile
{
    public const string ApiUpstreamVariable = "API_UPSTREAM";
    public const string HlsUpstreamVariable = "HLS_UPSTREAM";

    // Caddy names the folder of a certificate's files after its issuer.
    private const string LetsEncryptDirectory = "https://acme-v02.api.letsencrypt.org/directory";
    private const string LetsEncryptFolder = "acme-v02.api.letsencrypt.org-directory";
    private const string InternalFolder = "local";

    /// <param name="storage">Caddy's storage folder (certificates, its CA, ACME accounts) as Caddy sees it.</param>
    /// <param name="certificateFile">The operator's certificate as Caddy sees it (Files mode).</param>
    /// <param name="keyFile">Its key as Caddy sees it (Files mode).</param>
    public static string Write(TlsSettings tls, string storage, string? certificateFile, string? keyFile)
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by StreamingPlatform.AppHost (Caddyfile.cs) on every start: change the AppHost's settings, not this file.");
        text.AppendLine("{");
        // No admin endpoint: nothing reloads this Caddy over HTTP, and two instances on a machine never clash on :2019.
        text.AppendLine("\tadmin off");
        text.AppendLine($"\tstorage file_system {{\n\t\troot \"{storage}\"\n\t}}");
        text.AppendLine($"\thttps_port {tls.HttpsPort}");
        if (tls.Mode != TlsMode.Acme)
        {
            // Only ACME needs port 80 (its HTTP challenge, and the redirect of http:// to https://).
            text.AppendLine("\tauto_https disable_redirects");
        }

        if (tls.Mode == TlsMode.Internal)
        {
            // Caddy would add its root to this machine's trust store: never touch the system.
            text.AppendLine("\tskip_install_trust");
        }

        text.AppendLine("}");
        text.AppendLine();
        text.AppendLine($"{tls.PublicHost}:{tls.HttpsPort} {{");
        text.AppendLine(tls.Mode switch
        {
            // Let's Encrypt only (Caddy would fall back to ZeroSSL): the certificate's folder, which nginx reads, is known.
            TlsMode.Acme => $"\ttls {{\n\t\tissuer acme {{\n\t\t\tdir {LetsEncryptDirectory}\n\t\t\temail {tls.Email}\n\t\t}}\n\t}}",
            TlsMode.Files => $"\ttls \"{certificateFile}\" \"{keyFile}\"",
            _ => "\ttls internal",
        });
        text.AppendLine($"\thandle {HlsLayout.HttpPath}/* {{\n\t\treverse_proxy {{${HlsUpstreamVariable}}}\n\t}}");
        text.AppendLine($"\thandle {{\n\t\treverse_proxy {{${ApiUpstreamVariable}}}\n\t}}");
        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>Where Caddy keeps the certificate it manages for the public host (ACME or internal), below its storage.</summary>
    public static (string Certificate, string Key) ManagedCertificate(TlsSettings tls, string storage)
    {
        var issuer = tls.Mode == TlsMode.Acme ? LetsEncryptFolder : InternalFolder;
        // certmagic's safe key: IPv6 colons become dashes.
        var name = tls.PublicHost.Replace(':', '-');
        var folder = $"{storage.TrimEnd('/')}/certificates/{issuer}/{name}";
        return ($"{folder}/{name}.crt", $"{folder}/{name}.key");
    }
}
