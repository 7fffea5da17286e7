using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Settings;

var builder = DistributedApplication.CreateBuilder(args);

// The address other devices of the network reach this machine by, and the ports (PublicAddress.cs).
if (!PublicAddress.TryResolve(builder.Configuration, out var publicAddress, out var addressProblem))
{
    Console.Error.WriteLine(addressProblem);
    return 1;
}

// Containers where a runtime answers, otherwise the servers installed on this machine (ServerChoice.cs).
if (!ServerChoice.TryChoose(builder, out var servers, out var problem))
{
    Console.Error.WriteLine(problem);
    return 1;
}

// HTTPS and RTMPS when asked for (TlsSettings.cs, docs/https.md); Azure's Container Apps bring their own HTTPS.
var tls = builder.ExecutionContext.IsPublishMode ? null : TlsSettings.Read(builder.Configuration, publicAddress.Host, out problem);
if (problem.Length > 0 || (tls is not null && !HttpsFront.TryCheckLocal(builder, servers, tls, out problem)))
{
    Console.Error.WriteLine(problem);
    return 1;
}

var hookSecret = builder.AddGeneratedSecret("hook-secret");
var adminApiKey = builder.AddGeneratedSecret("admin-api-key");
// The quality ladder's transcoder shows it to nginx (through the Api) to play channels and publish renditions.
var ladderSecret = builder.AddGeneratedSecret("ladder-secret");
// Seals the restream targets' stream keys in Redis; the Api seals them, the worker opens them to relay (docs/restream.md).
var restreamSecret = builder.AddGeneratedSecret("restream-secret");
// Seals the webhooks' signing secrets in Redis (docs/webhooks.md).
var webhooksSecret = builder.AddGeneratedSecret("webhooks-secret");

// Channels, sessions, the outbox and the VOD catalogue live in Redis.
var redis = builder.AddRedisServer("redis", servers);

var messaging = builder.AddMessaging("messaging", servers);

var nginx = builder.AddNginxRtmp("nginx-rtmp", servers, publicAddress, hookSecret);

// Real-time playback over WebRTC (Realtime.cs); run mode only.
var janus = builder.AddJanus("janus", servers);

var api = builder.AddProject<Projects.StreamingPlatform_Api>("api")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment(SettingNames.Variable(SettingNames.HookSecret), hookSecret)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithEnvironment(SettingNames.Variable(SettingNames.LadderSecret), ladderSecret)
    .WithEnvironment(SettingNames.Variable(SettingNames.RestreamSecret), restreamSecret)
    .WithEnvironment(SettingNames.Variable(SettingNames.WebhooksSecret), webhooksSecret)
    .WithPublicUrls(nginx, publicAddress, tls)
    .WithTrustedProxies()
    .WithDevelopmentChannel()
    .WithMediaRoot(servers)
    .WithRealtimeSignalling(janus)
    .WithBrowserPublishingTo(nginx)
    // Published as its own image: Debian's FFmpeg for the Go live page's broadcasts.
    .PublishAsDockerFile(container => container.WithDockerfile("..", "StreamingPlatform.Api/Dockerfile"));

nginx.WithHooksTo(api);

if (tls is not null)
{
    nginx.WithRtmps(servers, tls);
    builder.AddHttpsFront(servers, tls, nginx, api);
}

builder.AddProject<Projects.StreamingPlatform_VodWorker>("vod-worker")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment("Thumbnails__HlsBaseUrl", ReferenceExpression.Create($"{nginx.GetEndpoint("hls")}{HlsLayout.HttpPath}/"))
    .WithMediaRoot(servers)
    .WithLadderFrom(nginx, ladderSecret)
    .WithEnvironment(SettingNames.Variable(SettingNames.RestreamSecret), restreamSecret)
    .WithRealtimeRelay(janus, servers)
    // Published as its own image: Debian's FFmpeg, the one the tests run.
    .PublishAsDockerFile(container => container.WithDockerfile("..", "StreamingPlatform.VodWorker/Dockerfile"));

if (builder.ExecutionContext.IsRunMode)
{
    Console.WriteLine(publicAddress.Summary);
    Console.WriteLine(DevelopmentChannel.Where);
}

builder.Build().Run();
return 0;
