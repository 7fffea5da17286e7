var builder = DistributedApplication.CreateBuilder(args);

var hookSecret = builder.AddGeneratedSecret("hook-secret");
var adminApiKey = builder.AddGeneratedSecret("admin-api-key");

// Channels, sessions, the outbox and the VOD catalogue live in Redis: kept on a volume, snapshotted every minute.
var redis = builder.AddRedis("redis")
    .WithDataVolume()
    .WithPersistence(TimeSpan.FromMinutes(1));

var messaging = builder.AddRabbitMQ("messaging")
    .WithManagementPlugin();

var nginx = builder.AddDockerfile("nginx-rtmp", "../nginx-rtmp")
    .WithRtmpEndpoint()
    .WithHttpEndpoint(targetPort: 8080, name: "hls")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health", endpointName: "hls")
    .WithMediaFolder("hls")
    .WithMediaFolder("recordings")
    .WithEnvironment("HOOK_SECRET", hookSecret);

var api = builder.AddProject<Projects.StreamingPlatform_Api>("api")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment("Hooks__Secret", hookSecret)
    .WithEnvironment("Admin__ApiKey", adminApiKey)
    .WithEnvironment("Streaming__HlsBaseUrl", builder.HlsPublicUrl(nginx))
    .WithEnvironment("Streaming__RtmpBaseUrl", builder.RtmpPublicUrl(nginx))
    .WithMediaRoot();

nginx
    .WithEnvironment("HOOK_BASE_URL", builder.HookBaseUrl(api))
    .WaitFor(api);

var worker = builder.AddProject<Projects.StreamingPlatform_VodWorker>("vod-worker")
    .WithHttpHealthCheck("/health")
    .WithReference(redis).WaitFor(redis)
    .WithReference(messaging).WaitFor(messaging)
    .WithEnvironment("Thumbnails__HlsBaseUrl", ReferenceExpression.Create($"{nginx.GetEndpoint("hls")}/hls/"))
    .WithMediaRoot();

builder.Build().Run();
