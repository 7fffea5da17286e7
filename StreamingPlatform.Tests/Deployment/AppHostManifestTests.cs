using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>The manifest azd reads from the AppHost (`--publisher manifest`) holds what the deployment needs.</summary>
[Collection(AppHostManifestCollection.Name)]
public sealed class AppHostManifestTests(AppHostManifest manifest)
{
    [Fact]
    public void ManifestHoldsTheFiveServicesWithTheImagesAzdDeploys()
    {
        Assert.Equal(["api", "messaging", "nginx-rtmp", "redis", "vod-worker"], manifest.ContainerApps);

        Assert.Equal("container.v0", (string?)manifest.Resource("redis")["type"]);
        Assert.StartsWith("docker.io/library/redis:", (string?)manifest.Resource("redis")["image"]);
        Assert.Equal("container.v0", (string?)manifest.Resource("messaging")["type"]);
        Assert.StartsWith("docker.io/library/rabbitmq:", (string?)manifest.Resource("messaging")["image"]);

        Assert.Equal((RepositoryPaths.NginxRtmp, Path.Combine(RepositoryPaths.NginxRtmp, "Dockerfile")), manifest.Build("nginx-rtmp"));

        // The Api's and the worker's images must be their Dockerfiles' (Debian's FFmpeg): as plain projects azd would
        // build them on Microsoft's ASP.NET image, which has no FFmpeg (the Api runs one per browser broadcast).
        Assert.Equal((RepositoryPaths.Root, Path.Combine(RepositoryPaths.Root, "StreamingPlatform.Api", "Dockerfile")), manifest.Build("api"));
        Assert.True(manifest.Build("vod-worker") is not null,
            "vod-worker is not built from a Dockerfile: publish it with PublishAsDockerFile(c => c.WithDockerfile(\"..\", \"StreamingPlatform.VodWorker/Dockerfile\"))");
        Assert.Equal((RepositoryPaths.Root, Path.Combine(RepositoryPaths.Root, "StreamingPlatform.VodWorker", "Dockerfile")), manifest.Build("vod-worker"));
    }

    [Fact]
    public void BindingsOpenRtmpAndHlsOnNginxAndTheApiToTheInternet()
    {
        var rtmp = manifest.Resource("nginx-rtmp")["bindings"]!["rtmp"]!;
        Assert.Equal("tcp", (string?)rtmp["scheme"]);
        Assert.Equal(1935, (int?)rtmp["targetPort"]);
        // azd refuses external TCP bindings: the AppHost declares RTMP internal and nginx-rtmp.tmpl.yaml opens it.
        Assert.NotEqual(true, (bool?)rtmp["external"]);

        var hls = manifest.Resource("nginx-rtmp")["bindings"]!["hls"]!;
        Assert.Equal("http", (string?)hls["scheme"]);
        Assert.Equal(8080, (int?)hls["targetPort"]);
        Assert.True((bool?)hls["external"]);

        var api = manifest.Resource("api")["bindings"]!["http"]!;
        Assert.Equal("http", (string?)api["scheme"]);
        Assert.True((bool?)api["external"]);

        Assert.Equal(6379, (int?)manifest.Resource("redis")["bindings"]!["tcp"]!["targetPort"]);
        Assert.Equal(5672, (int?)manifest.Resource("messaging")["bindings"]!["tcp"]!["targetPort"]);
        Assert.All(manifest.Resource("vod-worker")["bindings"]!.AsObject(), binding => Assert.NotEqual(true, (bool?)binding.Value!["external"]));
    }

    [Fact]
    public void EnvironmentValuesWireTheServicesTogether()
    {
        var nginx = manifest.Environment("nginx-rtmp");
        Assert.Equal("http://api", nginx["HOOK_BASE_URL"]);
        Assert.Equal("{hook-secret.value}", nginx[SettingNames.NginxHookSecret]);

        var api = manifest.Environment("api");
        Assert.Equal("{hook-secret.value}", api[SettingNames.Variable(SettingNames.HookSecret)]);
        Assert.Equal("{admin-api-key.value}", api["Admin__ApiKey"]);
        Assert.Equal("{nginx-rtmp.bindings.hls.url}/hls", api["Streaming__HlsBaseUrl"]);
        Assert.Equal("rtmp://{nginx-rtmp.bindings.rtmp.host}:{nginx-rtmp.bindings.rtmp.port}/live", api["Streaming__RtmpBaseUrl"]);
        Assert.Equal("rtmp://{nginx-rtmp.bindings.rtmp.host}:{nginx-rtmp.bindings.rtmp.port}", api["GoLive__RtmpBaseUrl"]);

        var worker = manifest.Environment("vod-worker");
        Assert.Equal("{nginx-rtmp.bindings.hls.url}/hls/", worker["Thumbnails__HlsBaseUrl"]);
        Assert.Equal("rtmp://{nginx-rtmp.bindings.rtmp.host}:{nginx-rtmp.bindings.rtmp.port}", worker["Ladder__RtmpBaseUrl"]);
        Assert.Equal("{ladder-secret.value}", worker[SettingNames.Variable(SettingNames.LadderSecret)]);
        Assert.Equal("{ladder-secret.value}", api[SettingNames.Variable(SettingNames.LadderSecret)]);
        Assert.Equal("{restream-secret.value}", worker[SettingNames.Variable(SettingNames.RestreamSecret)]);
        Assert.Equal("{restream-secret.value}", api[SettingNames.Variable(SettingNames.RestreamSecret)]);
        Assert.Equal("{webhooks-secret.value}", api[SettingNames.Variable(SettingNames.WebhooksSecret)]);

        foreach (var service in new[] { api, worker })
        {
            Assert.Equal("/data", service["Media__Root"]);
            Assert.Equal("{redis.connectionString}", service["ConnectionStrings__redis"]);
            Assert.Equal("{messaging.connectionString}", service["ConnectionStrings__messaging"]);
        }
    }

    [Fact]
    public void SecretsAreSecretParametersAzdGenerates()
    {
        foreach (var name in new[] { "hook-secret", "admin-api-key", "ladder-secret", "restream-secret", "webhooks-secret", "redis-password", "messaging-password" })
        {
            var input = manifest.Resource(name)["inputs"]?["value"];
            Assert.Equal("parameter.v0", (string?)manifest.Resource(name)["type"]);
            Assert.True(input?["secret"]?.GetValue<bool>(), $"{name} is not a secret parameter");
            Assert.True(input?["default"]?["generate"] is not null, $"azd would ask for {name} instead of generating it");
        }

        // The hook secret travels in nginx's hook URLs, the ladder's in the transcoder's RTMP URLs: letters and digits only, and long.
        foreach (var name in new[] { "hook-secret", "admin-api-key", "ladder-secret" })
        {
            var generate = manifest.Resource(name)["inputs"]!["value"]!["default"]!["generate"]!;
            Assert.False((bool?)generate["special"] ?? true, $"{name} may contain special characters");
            Assert.True((int?)generate["minLength"] >= 32, $"{name} is shorter than 32 characters");
        }

        Assert.True(manifest.IsSecret(SettingNames.NginxHookSecret, manifest.Environment("nginx-rtmp")[SettingNames.NginxHookSecret]));
        Assert.True(manifest.IsSecret(SettingNames.Variable(SettingNames.LadderSecret), manifest.Environment("vod-worker")[SettingNames.Variable(SettingNames.LadderSecret)]));
        Assert.True(manifest.IsSecret(SettingNames.Variable(SettingNames.RestreamSecret), manifest.Environment("api")[SettingNames.Variable(SettingNames.RestreamSecret)]));
        Assert.True(manifest.IsSecret(SettingNames.Variable(SettingNames.WebhooksSecret), manifest.Environment("api")[SettingNames.Variable(SettingNames.WebhooksSecret)]));
        Assert.True(manifest.IsSecret("REDIS_URI", manifest.Environment("api")["REDIS_URI"]));
        Assert.False(manifest.IsSecret("Media__Root", manifest.Environment("api")["Media__Root"]));
    }
}
