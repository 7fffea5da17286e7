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
    /// run mode (so the services started as projects see the same files), a named volume in publish mode.
    /// </summary>
    public static IResourceBuilder<ContainerResource> WithMediaFolder(this IResourceBuilder<ContainerResource> builder, string folder)
    {
        var target = $"/data/{folder}";
        var app = builder.ApplicationBuilder;
        if (app.ExecutionContext.IsPublishMode)
        {
            return builder.WithVolume($"media-{folder}", target);
        }

        var source = Path.Combine(MediaRoot(app), folder);
        Directory.CreateDirectory(source);
        return builder.WithBindMount(source, target);
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
    /// AppHost's configuration (for example rtmp://192.168.1.20:1935/live) to show the address it can reach.
    /// </summary>
    public static ReferenceExpression RtmpPublicUrl(this IDistributedApplicationBuilder builder, IResourceBuilder<ContainerResource> nginx) =>
        builder.Configuration["Streaming:RtmpPublicUrl"] is { Length: > 0 } configured
            ? ReferenceExpression.Create($"{configured}")
            : ReferenceExpression.Create($"rtmp://{nginx.GetEndpoint("rtmp").Property(EndpointProperty.HostAndPort)}/live");
}
