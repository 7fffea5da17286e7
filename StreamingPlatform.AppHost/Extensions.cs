using System.Runtime.CompilerServices;
using StreamingPlatform.BroadcastState.Settings;

namespace Aspire.Hosting;

internal static class Extensions
{
    /// <summary>A secret parameter generated once (letters and digits only: the hook secret travels in nginx's hook URLs).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>Redis: a container with a data volume, or the local redis-server; an append-only file either way.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(this IDistributedApplicationBuilder builder, string name, Servers servers) =>
        servers == Servers.Local
            ? builder.AddLocalRedis(name)
            : builder.AddRedis(name)
                .WithDataVolume()
                .WithArgs(RedisDurability.Arguments);

    /// <summary>RabbitMQ: a container with the management UI, or the local rabbitmq-server.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMessaging(this IDistributedApplicationBuilder builder, string name, Servers servers) =>
        servers == Servers.Local
            ? builder.AddLocalRabbitMq(name)
            : builder.AddRabbitMQ(name)
                .WithManagementPlugin();

    /// <summary>
    /// nginx-rtmp: the image built from nginx-rtmp/, or Debian's nginx through the same entrypoint and template. On every
    /// address of this machine, so the other devices of the network reach it: RTMP on the port phone apps assume (1935,
    /// or <c>AppHost:RtmpPort</c>), and the public front on <c>AppHost:HttpPort</c> (5080): HLS from disk, everything else
    /// proxied to the Api (nginx.conf.template), with nginx's /health.
    /// </summary>
    public static IResourceBuilder<IResourceWithEndpoints> AddNginxRtmp(
        this IDistributedApplicationBuilder builder, string name, Servers servers, PublicAddress address, IResourceBuilder<ParameterResource> hookSecret)
    {
        if (servers == Servers.Local)
        {
            return builder.AddLocalNginxRtmp(name, builder.MediaRoot(), builder.HlsFolder(), builder.DvrFolder())
                .WithEndpoint(port: address.RtmpPort, targetPort: address.RtmpPort, scheme: "tcp", name: "rtmp", isProxied: false)
                .WithEndpoint("rtmp", endpoint => endpoint.TargetHost = "0.0.0.0")
                .WithEnvironment("RTMP_PORT", address.RtmpPort.ToString())
                .WithHttpEndpoint(port: address.HttpPort, targetPort: address.HttpPort, name: "hls", env: "HTTP_PORT", isProxied: false)
                .WithEndpoint("hls", endpoint => endpoint.TargetHost = "0.0.0.0")
                .WithExternalHttpEndpoints()
                .WithHttpHealthCheck("/health", endpointName: "hls")
                .WithEnvironment(SettingNames.NginxHookSecret, hookSecret);
        }

        return builder.AddDockerfile(name, "../nginx-rtmp")
            .WithEndpoint(port: address.RtmpPort, targetPort: 1935, scheme: "tcp", name: "rtmp")
            .WithEndpoint("rtmp", endpoint => endpoint.TargetHost = "0.0.0.0")
            .WithHttpEndpoint(port: address.HttpPort, targetPort: 8080, name: "hls")
            .WithEndpoint("hls", endpoint => endpoint.TargetHost = "0.0.0.0")
            .WithExternalHttpEndpoints()
            .WithHttpHealthCheck("/health", endpointName: "hls")
            .WithMediaFolders()
            .WithEnvironment(SettingNames.NginxHookSecret, hookSecret);
    }

    /// <summary>nginx calls the Api's hooks, so it starts once the Api is healthy.</summary>
    public static void WithHooksTo(this IResourceBuilder<IResourceWithEndpoints> nginx, IResourceBuilder<ProjectResource> api)
    {
        // nginx is a container or an executable; both take environment values and wait (the builder is covariant).
        ((IResourceBuilder<IResourceWithEnvironment>)nginx).WithEnvironment("HOOK_BASE_URL", nginx.ApplicationBuilder.HookBaseUrl(api));
        ((IResourceBuilder<IResourceWithWaitSupport>)nginx).WaitFor(api);
    }

    /// <summary>
    /// In run mode, the media folders of this machine where the container's nginx writes, so the services started as
    /// projects see the same files: the live HLS (in memory, <see cref="LiveHlsFolder"/>), its DVR copy and the recordings.
    /// In Azure the media folders live on one file share that azd's infra files mount (infra/,
    /// StreamingPlatform.AppHost/infra/), and HLS with its DVR copy stays on nginx's disk.
    /// </summary>
    private static IResourceBuilder<ContainerResource> WithMediaFolders(this IResourceBuilder<ContainerResource> nginx)
    {
        var app = nginx.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return nginx;
        }

        foreach (var (source, target) in new[] { (app.HlsFolder(), "/data/hls"), (app.DvrFolder(), "/data/dvr"), (Path.Combine(app.MediaRoot(), "recordings"), "/data/recordings") })
        {
            Directory.CreateDirectory(source);
            nginx.WithBindMount(source, target);
        }

        return nginx.WithEnvironment("DVR_PATH", "/data/dvr");
    }

    /// <summary>
    /// The quality ladder's transcoder plays channels from nginx and publishes renditions back over RTMP, with
    /// the secret the Api admits (nginx asks it on every RTMP play and rendition publish).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLadderFrom(this IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<IResourceWithEndpoints> nginx, IResourceBuilder<ParameterResource> ladderSecret) =>
        worker
            .WithEnvironment("Ladder__RtmpBaseUrl", RtmpBaseUrl(nginx))
            .WithEnvironment(SettingNames.Variable(SettingNames.LadderSecret), ladderSecret);

    /// <summary>Going live from the browser: the Api's FFmpeg publishes each browser broadcast into nginx (docs/golive.md).</summary>
    public static IResourceBuilder<ProjectResource> WithBrowserPublishingTo(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<IResourceWithEndpoints> nginx) =>
        api.WithEnvironment("GoLive__RtmpBaseUrl", RtmpBaseUrl(nginx));

    /// <summary>nginx's RTMP server as the services reach it, without an application.</summary>
    private static ReferenceExpression RtmpBaseUrl(IResourceBuilder<IResourceWithEndpoints> nginx) =>
        ReferenceExpression.Create($"rtmp://{nginx.GetEndpoint("rtmp").Property(EndpointProperty.HostAndPort)}");

    /// <summary>
    /// Points a service at the media folders. In run mode the services are processes on this machine and read the
    /// folders directly; a containerised nginx reports recording paths as it sees them (/data/...).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMediaRoot(this IResourceBuilder<ProjectResource> builder, Servers servers)
    {
        var app = builder.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return builder.WithEnvironment("Media__Root", "/data");
        }

        builder.WithEnvironment("Media__Root", app.MediaRoot())
            .WithEnvironment("Media__HlsPath", app.HlsFolder())
            .WithEnvironment("Media__DvrPath", app.DvrFolder());
        return servers == Servers.Containers
            ? builder.WithEnvironment("Media__NginxRecordingsPath", "/data/recordings")
            : builder;
    }

    /// <summary>Everything the AppHost keeps between runs: <c>AppHost:DataPath</c>, or .data/ at the repository root.</summary>
    public static string DataRoot(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(builder.Configuration["AppHost:DataPath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(builder.AppHostDirectory, "..", ".data"));

    private static string MediaRoot(this IDistributedApplicationBuilder builder) =>
        Directory.CreateDirectory(Path.Combine(builder.DataRoot(), "media")).FullName;

    /// <summary>
    /// nginx's HLS: in memory where this machine has a RAM disk with room (<see cref="LiveHlsFolder"/>), else media/hls.
    /// Decided once per AppHost, so nginx and the services never get different answers.
    /// </summary>
    internal static string HlsFolder(this IDistributedApplicationBuilder builder) =>
        HlsFolders.GetValue(builder, app => LiveHlsFolder.For(app.MediaRoot()) ?? Path.Combine(app.MediaRoot(), "hls"));

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, string> HlsFolders = new();

    /// <summary>The DVR copy: hours of every stream, on disk beside the other media.</summary>
    internal static string DvrFolder(this IDistributedApplicationBuilder builder) => Path.Combine(builder.MediaRoot(), "dvr");

    /// <summary>
    /// The Api as nginx reaches it for the hooks and its public front. In Azure, the app's name inside the environment: the calls (with
    /// the hook secret) stay inside it, over plain HTTP, which the Api's ingress accepts.
    /// </summary>
    private static ReferenceExpression HookBaseUrl(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api) =>
        builder.ExecutionContext.IsPublishMode
            ? ReferenceExpression.Create($"http://{api.Resource.Name}")
            : ReferenceExpression.Create($"{api.GetEndpoint("http")}");
}
