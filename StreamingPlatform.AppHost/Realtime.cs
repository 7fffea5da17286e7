using System.Net.Sockets;
using StreamingPlatform.BroadcastState.Settings;

namespace Aspire.Hosting;

/// <summary>
/// Real-time playback: Janus, which the VodWorker feeds (one RTP mountpoint per live channel) and the Api
/// brokers viewers' WebRTC signalling with. Debian's Janus through janus/entrypoint.sh locally, the image built from
/// janus/ in containers mode. Not in the deployment manifest: Container Apps has no UDP ingress (docs/deploy-azure.md).
/// </summary>
internal static class Realtime
{
    // WebRTC to viewers and RTP from the relay; in containers mode each port is published (a few channels' worth).
    private const int WebRtcFirstPort = 20000;
    private const int WebRtcPorts = 10;
    private const int MountpointFirstPort = 21000;
    private const int MountpointPorts = 20;

    /// <summary>Janus and its API secret, or null when publishing (no real time on Container Apps, and no secret to generate).</summary>
    public static JanusServer? AddJanus(this IDistributedApplicationBuilder builder, string name, Servers servers)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return null;
        }

        var apiSecret = builder.AddGeneratedSecret("janus-api-secret");

        // The interfaces Janus offers viewers (e.g. eth0 for a LAN); unset: every interface but loopback. No STUN either way.
        var iceInterfaces = builder.Configuration["AppHost:RealtimeIceInterfaces"] ?? "";
        if (servers == Servers.Local)
        {
            var folder = Directory.CreateDirectory(Path.Combine(builder.DataRoot(), name)).FullName;
            return new JanusServer(builder.AddExecutable(name, Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "janus", "entrypoint.sh")), folder)
                .WithHttpEndpoint(name: "http", env: "JANUS_HTTP_PORT")
                .WithEnvironment("JANUS_HTTP_ADDRESS", "127.0.0.1")
                .WithEnvironment("JANUS_CONFIG_PATH", Path.Combine(folder, "config"))
                .WithEnvironment("JANUS_API_SECRET", apiSecret)
                .WithEnvironment("JANUS_ICE_INTERFACES", iceInterfaces)
                .WithHttpHealthCheck("/janus/info", endpointName: "http"), apiSecret);
        }

        var janus = builder.AddDockerfile(name, "../janus")
            .WithHttpEndpoint(targetPort: 8088, name: "http")
            .WithEnvironment("JANUS_API_SECRET", apiSecret)
            .WithEnvironment("JANUS_ICE_INTERFACES", iceInterfaces)
            .WithEnvironment("JANUS_PUBLIC_IP", builder.Configuration["AppHost:RealtimePublicIp"] ?? "127.0.0.1")
            .WithEnvironment("JANUS_WEBRTC_PORTS", Range(WebRtcFirstPort, WebRtcPorts))
            .WithEnvironment("JANUS_MOUNTPOINT_PORTS", Range(MountpointFirstPort, MountpointPorts))
            .WithHttpHealthCheck("/janus/info", endpointName: "http");
        foreach (var port in Enumerable.Range(WebRtcFirstPort, WebRtcPorts).Concat(Enumerable.Range(MountpointFirstPort, MountpointPorts)))
        {
            janus.WithEndpoint(port: port, targetPort: port, scheme: "udp", name: $"udp{port}", isProxied: false, protocol: ProtocolType.Udp);
        }

        return new JanusServer(janus, apiSecret);
    }

    private static string Range(int first, int count) => $"{first}-{first + count - 1}";

    /// <summary>The Api brokers signalling with Janus; it starts without Janus (the page plays HLS until Janus answers).</summary>
    public static IResourceBuilder<ProjectResource> WithRealtimeSignalling(this IResourceBuilder<ProjectResource> api, JanusServer? janus) =>
        janus is null ? api : api
            .WithEnvironment("Realtime__JanusUrl", ReferenceExpression.Create($"{janus.Resource.GetEndpoint("http")}/"))
            .WithEnvironment(SettingNames.Variable(SettingNames.JanusApiSecret), janus.ApiSecret);

    /// <summary>The worker relays every live channel into Janus (RTP to its mountpoints on this machine).</summary>
    public static IResourceBuilder<ProjectResource> WithRealtimeRelay(this IResourceBuilder<ProjectResource> worker, JanusServer? janus, Servers servers)
    {
        if (janus is null)
        {
            return worker;
        }

        worker.WithRealtimeSignalling(janus).WithEnvironment("Realtime__RtpHost", "127.0.0.1");
        return servers == Servers.Local ? worker.WithEnvironment("Realtime__MountpointAddress", "127.0.0.1") : worker;
    }
}

/// <summary>The Janus resource and the API secret the Api and the worker send it.</summary>
internal sealed record JanusServer(IResourceBuilder<IResourceWithEndpoints> Resource, IResourceBuilder<ParameterResource> ApiSecret);
