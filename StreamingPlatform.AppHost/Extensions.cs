namespace Aspire.Hosting;

internal static class Extensions
{
    private const string RtmpPort = "1935";

    /// <summary>A secret parameter generated once (letters and digits only: the hook secret travels in nginx's hook URLs).</summary>
    public static IResourceBuilder<ParameterResource> AddGeneratedSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

    /// <summary>
    /// RTMP on the fixed port 1935, the one phone apps assume. Bound to every address of this machine in run mode, so
    /// a phone on the same network can publish to it (DCP binds to localhost only by default).
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithRtmpEndpoint(this IResourceBuilder<ContainerResource> builder) =>
        builder
            .WithEndpoint(port: int.Parse(RtmpPort), targetPort: int.Parse(RtmpPort), scheme: "tcp", name: "rtmp")
            .WithEndpoint("rtmp", endpoint => endpoint.TargetHost = "0.0.0.0");

    /// <summary>
    /// A media folder under /data in the container: a bind mount of .data/media/&lt;folder&gt; at the repository root in
    /// run mode, so the services started as projects see the same files. In Azure the recordings live on the shared
    /// share that AzureDeployment mounts (Aspire would give every volume a share of its own) and HLS stays on nginx's disk.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithMediaFolder(this IResourceBuilder<ContainerResource> builder, string folder)
    {
        var app = builder.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return builder;
        }

        var source = Path.Combine(MediaRoot(app), folder);
        Directory.CreateDirectory(source);
        return builder.WithBindMount(source, $"/data/{folder}");
    }

    /// <summary>
    /// Points a service at the media folders. In run mode the services are processes on this machine and read the
    /// bind-mounted folders directly, while nginx reports paths as it sees them in its container (/data/...).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithMediaRoot(this IResourceBuilder<ProjectResource> builder)
    {
        var app = builder.ApplicationBuilder;
        return app.ExecutionContext.IsPublishMode
            ? builder.WithEnvironment("Media__Root", "/data")
            : builder
                .WithEnvironment("Media__Root", MediaRoot(app))
                .WithEnvironment("Media__NginxRecordingsPath", "/data/recordings");
    }

    private static string MediaRoot(IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(Path.Combine("..", ".data", "media"), builder.AppHostDirectory);

    /// <summary>
    /// The RTMP address shown to operators. A phone cannot use "localhost": set Streaming:RtmpPublicUrl in the
    /// AppHost's configuration (for example rtmp://192.168.1.20:1935/live) to show the address it can reach. In Azure
    /// it is nginx's app on the environment's domain, where port 1935 is open.
    /// </summary>
    public static ReferenceExpression RtmpPublicUrl(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ContainerResource> nginx) =>
        builder.Configuration["Streaming:RtmpPublicUrl"] is { Length: > 0 } configured
            ? ReferenceExpression.Create($"{configured}")
            : ReferenceExpression.Create($"rtmp://{nginx.GetEndpoint("rtmp").Property(EndpointProperty.HostAndPort)}/live");

    /// <summary>Where browsers fetch HLS. In Azure over https, as the Api's pages are (no mixed content).</summary>
    public static ReferenceExpression HlsPublicUrl(
        this IDistributedApplicationBuilder builder, IResourceBuilder<ContainerResource> nginx) =>
        ReferenceExpression.Create($"{nginx.GetEndpoint("hls")}/hls");

    /// <summary>
    /// The Api as nginx reaches it for the hooks. In Azure, the app's name inside the environment: the calls (with
    /// the hook secret) stay inside it, over plain HTTP, which the Api's ingress accepts (see AzureDeployment).
    /// </summary>
    public static ReferenceExpression HookBaseUrl(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api) =>
        builder.ExecutionContext.IsPublishMode
            ? ReferenceExpression.Create($"http://{api.Resource.Name}")
            : ReferenceExpression.Create($"{api.GetEndpoint("http")}");
}
