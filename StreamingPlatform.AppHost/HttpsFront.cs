using System.Runtime.InteropServices;

namespace Aspire.Hosting;

/// <summary>
/// The HTTPS front (docs/https.md): Caddy terminates TLS for the web app, the API and HLS with a certificate from
/// Let's Encrypt, the operator's files or its own CA, and proxies to the Api and nginx's HLS. Debian's caddy as a process
/// in local-servers mode, the caddy image in containers mode; its Caddyfile and storage live in the data folder.
/// </summary>
internal static class HttpsFront
{
    public const string Name = "https-front";

    // Debian's caddy is 2.6.2; the image of the same version.
    private const string Image = "caddy";
    private const string ImageTag = "2.6.2";

    // nginx's worker user (nginx.conf.template: user nobody nogroup), which reads the certificate Caddy keeps on every
    // RTMPS handshake: Caddy writes its files 0600, so when the AppHost is root Caddy runs as this user too.
    private const int WorkerUserId = 65534;

    // Paths inside the containers (containers mode).
    private const string ContainerData = "/data";
    private const string ContainerStorage = $"{ContainerData}/storage";
    private const string ContainerCertificateFile = "/tls/certificate.pem";
    private const string ContainerKeyFile = "/tls/key.pem";
    private const string ContainerRtmpsPort = "1936";

    public static IResourceBuilder<IResourceWithEndpoints> AddHttpsFront(this IDistributedApplicationBuilder builder, Servers servers, TlsSettings tls,
        IResourceBuilder<IResourceWithEndpoints> nginx, IResourceBuilder<ProjectResource> api)
    {
        var front = servers == Servers.Local ? builder.AddLocalCaddy(tls) : builder.AddCaddyContainer(tls);
        ((IResourceBuilder<IResourceWithEnvironment>)front)
            .WithEnvironment(Caddyfile.HlsUpstreamVariable, nginx.GetEndpoint("hls"))
            // nginx's front serves the web app and the API too (proxied to the Api with forwarded headers, which the Api
            // trusts from loopback): Caddy's X-Forwarded-For reaches it. The Api directly would be api.GetEndpoint("http").
            .WithEnvironment(Caddyfile.ApiUpstreamVariable, nginx.GetEndpoint("hls"));
        front.WithEndpoint(port: tls.HttpsPort, targetPort: tls.HttpsPort, scheme: "https", name: "https", isProxied: false)
            .WithEndpoint("https", endpoint => endpoint.TargetHost = "0.0.0.0")
            .WithExternalHttpEndpoints()
            .WithUrlForEndpoint("https", url => url.Url = tls.WebUrl)
            .WithProbe(new TlsProbeHealthCheck(tls.PublicHost, tls.HttpsPort));
        if (tls.Mode == TlsMode.Acme)
        {
            // Let's Encrypt's HTTP challenge and the redirect of http:// to https:// (always port 80 from the internet).
            front.WithEndpoint(port: 80, targetPort: 80, scheme: "http", name: "http", isProxied: false)
                .WithEndpoint("http", endpoint => endpoint.TargetHost = "0.0.0.0");
        }

        return front;
    }

    /// <summary>
    /// What the local-servers mode needs for HTTPS beyond the rest: caddy and nginx's stream module installed and, when
    /// the AppHost is root, files nginx's worker user (which Caddy then runs as too) can reach: the data folder, and
    /// the operator's certificate and key. Containers bring their own programs.
    /// </summary>
    public static bool TryCheckLocal(IDistributedApplicationBuilder builder, Servers servers, TlsSettings tls, out string problem)
    {
        problem = "";
        if (servers != Servers.Local)
        {
            return true;
        }

        var missing = LocalServerPrograms.Tls.Where(program => program.Find() is null).ToList();
        if (missing.Count > 0)
        {
            problem = $"HTTPS ({TlsSettings.Section}) needs {string.Join(", ", missing.Select(program => $"{program.Name} (Debian package {program.DebianPackage})"))}: "
                + $"sudo apt-get install {string.Join(' ', missing.Select(program => program.DebianPackage).Distinct())}";
            return false;
        }

        if (!Environment.IsPrivilegedProcess)
        {
            return true;
        }

        var dataRoot = Directory.CreateDirectory(builder.DataRoot()).FullName;
        List<(string Setting, string Path, string Test)> reads = [("AppHost:DataPath", dataRoot, "-x")];
        if (tls.Mode == TlsMode.Files)
        {
            reads.Add((TlsSettings.CertificateFileSetting, tls.CertificateFile!, "-r"));
            reads.Add((TlsSettings.KeyFileSetting, tls.KeyFile!, "-r"));
        }

        var unreachable = reads.FirstOrDefault(read => !WorkerUserCan(read.Test, read.Path));
        problem = unreachable.Path is null
            ? ""
            : $"{unreachable.Setting} is '{unreachable.Path}', which user nobody (nginx's worker, and Caddy when the AppHost is root) cannot "
              + (unreachable.Test == "-x" ? "enter: every folder above it needs o+x." : "read: for example chgrp nogroup on it and chmod 640, and o+x on its folders.");
        return problem.Length == 0;
    }

    /// <summary>
    /// RTMPS on nginx (nginx.conf.template's tls sections): its stream module terminates TLS with the front's certificate,
    /// loaded on every handshake, so the renewals Caddy makes are picked up.
    /// </summary>
    public static void WithRtmps(this IResourceBuilder<IResourceWithEndpoints> nginx, Servers servers, TlsSettings tls)
    {
        var builder = nginx.ApplicationBuilder;
        var environment = (IResourceBuilder<IResourceWithEnvironment>)nginx;
        if (servers == Servers.Local)
        {
            var (certificate, key) = tls.Mode == TlsMode.Files
                ? (tls.CertificateFile!, tls.KeyFile!)
                : Caddyfile.ManagedCertificate(tls, builder.Storage());
            nginx.WithEndpoint(port: tls.RtmpsPort, targetPort: tls.RtmpsPort, scheme: "tcp", name: "rtmps", isProxied: false);
            environment.WithEnvironment("RTMPS_PORT", tls.RtmpsPort.ToString())
                .WithEnvironment("RTMPS_PROXY_PORT", LocalServers.FreeLoopbackPort().ToString())
                .WithEnvironment("TLS_CERTIFICATE", certificate)
                .WithEnvironment("TLS_CERTIFICATE_KEY", key);
        }
        else
        {
            var container = (IResourceBuilder<ContainerResource>)nginx;
            var (certificate, key) = tls.Mode == TlsMode.Files
                ? (ContainerCertificateFile, ContainerKeyFile)
                : Caddyfile.ManagedCertificate(tls, ContainerStorage);
            container.WithEndpoint(port: tls.RtmpsPort, targetPort: int.Parse(ContainerRtmpsPort), scheme: "tcp", name: "rtmps")
                .WithEnvironment("RTMPS_PORT", ContainerRtmpsPort)
                .WithEnvironment("TLS_CERTIFICATE", certificate)
                .WithEnvironment("TLS_CERTIFICATE_KEY", key)
                .WithOperatorCertificate(tls);
            if (tls.Mode != TlsMode.Files)
            {
                container.WithBindMount(builder.Storage(), ContainerStorage, isReadOnly: true);
            }
        }

        nginx.WithEndpoint("rtmps", endpoint => endpoint.TargetHost = "0.0.0.0");
    }

    private static IResourceBuilder<IResourceWithEndpoints> AddLocalCaddy(this IDistributedApplicationBuilder builder, TlsSettings tls)
    {
        var folder = builder.DataFolder(Name);
        var storage = builder.Storage();
        var caddyfile = Path.Combine(folder, "Caddyfile");
        File.WriteAllText(caddyfile, Caddyfile.Write(tls, storage, tls.CertificateFile, tls.KeyFile));
        string[] run = [LocalServerPrograms.Caddy.RequiredPath, "run", "--config", caddyfile, "--adapter", "caddyfile"];
        var (command, arguments) = (run[0], run[1..]);
        if (builder.GiveFoldersToWorkerUser())
        {
            // Unprivileged, but allowed to listen on ports below 1024 (443, and 80 for ACME), as Debian's caddy.service does.
            (command, arguments) = (LocalServerPrograms.Setpriv.RequiredPath,
            [
                $"--reuid={WorkerUserId}", $"--regid={WorkerUserId}", "--clear-groups",
                "--inh-caps=+net_bind_service", "--ambient-caps=+net_bind_service", "--", .. run,
            ]);
        }

        return builder.AddExecutable(Name, command, folder, arguments)
            // Caddy keeps nothing in $HOME or /etc: its storage is in the Caddyfile, the rest below the data folder.
            .WithEnvironment("HOME", folder)
            .WithEnvironment("XDG_DATA_HOME", folder)
            .WithEnvironment("XDG_CONFIG_HOME", folder);
    }

    private static IResourceBuilder<IResourceWithEndpoints> AddCaddyContainer(this IDistributedApplicationBuilder builder, TlsSettings tls)
    {
        var folder = builder.DataFolder(Name);
        var caddyfile = Path.Combine(folder, "Caddyfile");
        File.WriteAllText(caddyfile, Caddyfile.Write(tls, ContainerStorage, ContainerCertificateFile, ContainerKeyFile));
        builder.GiveFoldersToWorkerUser();
        return builder.AddContainer(Name, Image, ImageTag)
            .WithBindMount(folder, ContainerData)
            .WithBindMount(caddyfile, "/etc/caddy/Caddyfile", isReadOnly: true)
            .WithOperatorCertificate(tls)
            // The image's caddy may listen on low ports unprivileged; as nginx's worker, it writes what that worker reads.
            .WithContainerRuntimeArgs("--user", $"{WorkerUserId}:{WorkerUserId}")
            .WithArgs("caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile");
    }

    private static IResourceBuilder<ContainerResource> WithOperatorCertificate(this IResourceBuilder<ContainerResource> container, TlsSettings tls) =>
        tls.Mode == TlsMode.Files
            ? container.WithBindMount(tls.CertificateFile!, ContainerCertificateFile, isReadOnly: true).WithBindMount(tls.KeyFile!, ContainerKeyFile, isReadOnly: true)
            : container;

    /// <summary>Caddy's storage (certificates, its CA, ACME accounts) on this machine.</summary>
    private static string Storage(this IDistributedApplicationBuilder builder) =>
        Directory.CreateDirectory(Path.Combine(builder.DataFolder(Name), "storage")).FullName;

    /// <summary>Whether <c>test <paramref name="test"/> <paramref name="path"/></c> holds for nginx's worker user.</summary>
    private static bool WorkerUserCan(string test, string path)
    {
        using var check = System.Diagnostics.Process.Start(LocalServerPrograms.Setpriv.RequiredPath,
            [$"--reuid={WorkerUserId}", $"--regid={WorkerUserId}", "--clear-groups", "--", "test", test, path]);
        check.WaitForExit();
        return check.ExitCode == 0;
    }

    /// <summary>When the AppHost is root, gives Caddy's folder and storage to the user Caddy then runs as; false otherwise.</summary>
    private static bool GiveFoldersToWorkerUser(this IDistributedApplicationBuilder builder)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return false;
        }

        foreach (var path in new[] { builder.DataFolder(Name), builder.Storage() })
        {
            if (Chown(path, WorkerUserId, WorkerUserId) != 0)
            {
                throw new InvalidOperationException($"{Name}: cannot give {path} to user {WorkerUserId} (errno {Marshal.GetLastPInvokeError()}).");
            }
        }

        return true;
    }

    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
}
