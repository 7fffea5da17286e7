using System.Text.Json.Nodes;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// What the container app templates add to azd's defaults and the platform depends on in Azure: RTMP from the
/// internet, hooks over plain HTTP inside the environment, one media share, KEDA scaling, a durable Redis.
/// </summary>
public sealed class ContainerAppTemplateTests
{
    private const string MediaVolume = "media";

    private static JsonObject App(string name) => ContainerAppTemplate.Load(name).RenderForReading();

    [Fact]
    public void NginxTakesRtmpOnExternalPort1935AndServesHlsOnItsHttpIngress()
    {
        var nginx = App("nginx-rtmp");
        var rtmp = Assert.Single(nginx.Ingress()["additionalPortMappings"]!.AsArray())!;
        Assert.Equal(1935, (int?)rtmp["targetPort"]);
        Assert.Equal(1935, (int?)rtmp["exposedPort"]);
        Assert.True((bool?)rtmp["external"]);

        Assert.True((bool?)nginx.Ingress()["external"]);
        Assert.Equal(8080, (int?)nginx.Ingress()["targetPort"]);
        Assert.Equal("http", (string?)nginx.Ingress()["transport"]);
        // The worker reads the live playlists over plain HTTP inside the environment.
        Assert.True((bool?)nginx.Ingress()["allowInsecure"]);
        // "Already publishing" is decided per nginx process: exactly one.
        Assert.Equal(1, (int?)nginx.Scale()["minReplicas"]);
        Assert.Equal(1, (int?)nginx.Scale()["maxReplicas"]);
    }

    [Fact]
    public void HooksReachTheApiOverPlainHttpInsideTheEnvironment()
    {
        var api = App("api");
        Assert.True((bool?)api.Ingress()["external"]);
        // nginx-rtmp speaks no TLS and follows no redirect: the Api's ingress must not redirect http to https.
        Assert.True((bool?)api.Ingress()["allowInsecure"]);
        Assert.Equal("http://api", App("nginx-rtmp").Environment()["HOOK_BASE_URL"]);
    }

    [Fact]
    public void ViewersAndPhonesGetAddressesOnTheEnvironmentsDomain()
    {
        var api = App("api").Environment();
        // main.bicep's HLS_BASE_URL: nginx-rtmp on the environment's domain, or Front Door's endpoint (AzureInfrastructureTests).
        Assert.Equal("sample-hls-base-url", api["Streaming__HlsBaseUrl"]);
        Assert.Equal("rtmp://nginx-rtmp.sample-azure-container-apps-environment-default-domain:1935/live", api["Streaming__RtmpBaseUrl"]);
    }

    [Fact]
    public void TheApiBelievesForwardedHeadersOnlyFromTheEnvironmentsSubnet()
    {
        // Container Apps' ingress sets X-Forwarded-For; infra/network.bicep's subnet is where it comes from.
        var api = App("api").Environment();
        Assert.Equal("127.0.0.0/8, ::1/128, sample-azure-container-apps-subnet-prefix", api["Proxies__TrustedNetworks"]);
    }

    [Theory]
    [InlineData("nginx-rtmp", new[] { "recordings" })]
    [InlineData("api", new[] { "recordings", "vod", "thumbnails" })]
    [InlineData("vod-worker", new[] { "recordings", "vod", "thumbnails" })]
    public void MediaFoldersAreSubPathsOfTheOneMediaShare(string name, string[] folders)
    {
        var app = App(name);
        var volume = app.Volume(MediaVolume);
        Assert.Equal("AzureFile", (string?)volume["storageType"]);
        Assert.Equal("sample-service-media-volume-name", (string?)volume["storageName"]);
        // nobrl: SMB refuses the byte-range locks .NET and FFmpeg take. The rest restate Container Apps' defaults.
        Assert.Equal("dir_mode=0777,file_mode=0777,uid=0,gid=0,mfsymlinks,cache=strict,nosharesock,nobrl", (string?)volume["mountOptions"]);

        var mounts = app.VolumeMounts().Select(mount => ((string?)mount["volumeName"], (string?)mount["mountPath"], (string?)mount["subPath"]));
        Assert.Equal(folders.Select(folder => ((string?)MediaVolume, (string?)$"/data/{folder}", (string?)folder)), mounts);
    }

    [Fact]
    public void WorkerScalesOnTheVodQueuesWithKeda()
    {
        var worker = App("vod-worker");
        // At least one: it also takes the live thumbnails and sweeps unannounced recordings, which no queue triggers.
        Assert.Equal(1, (int?)worker.Scale()["minReplicas"]);
        Assert.Equal(5, (int?)worker.Scale()["maxReplicas"]);

        var rules = worker.Scale()["rules"]!.AsArray().Select(rule => rule!["custom"]!).ToList();
        Assert.Equal(2, rules.Count);
        Assert.All(rules, rule =>
        {
            Assert.Equal("rabbitmq", (string?)rule["type"]);
            Assert.Equal("QueueLength", (string?)rule["metadata"]!["mode"]);
            var auth = Assert.Single(rule["auth"]!.AsArray())!;
            Assert.Equal("host", (string?)auth["triggerParameter"]);
            // The secret holding the AMQP address with its password: the one the worker's connection string reads.
            Assert.Equal($"secretRef:{auth["secretRef"]}", worker.Environment()["ConnectionStrings__messaging"]);
            Assert.Contains((string?)auth["secretRef"], worker.SecretNames());
        });
    }

    [Fact]
    public void RedisKeepsAnAppendOnlyFileOnItsOwnVolume()
    {
        var redis = App("redis");
        var command = string.Join(' ', redis.Container()["args"]!.AsArray().Select(arg => (string?)arg));
        Assert.Contains("--appendonly yes", command);
        Assert.Contains("--appendfsync everysec", command);

        var mount = Assert.Single(redis.VolumeMounts());
        Assert.Equal("/data", (string?)mount["mountPath"]);
        Assert.Equal("sample-service-redis-volume-data-name", (string?)redis.Volume((string)mount["volumeName"]!)["storageName"]);
        Assert.Equal(1, (int?)redis.Scale()["maxReplicas"]);
        Assert.Equal(1, (int?)App("messaging").Scale()["maxReplicas"]);
    }
}
