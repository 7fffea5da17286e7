extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.Tests.Infrastructure;

// GetEnvironmentVariableValuesAsync/GetArgumentValuesAsync are obsolete in favour of ExecutionConfigurationBuilder,
// which resolves live values (allocated ports); the model tests want the manifest form of each value, unstarted.
#pragma warning disable CS0618

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The AppHost's model, built but not started, in both modes: every resource, reference, wait, health check, endpoint
/// and environment value that wires the services together. Values are read as the manifest writes them
/// (<c>{api.bindings.http.url}</c>), which names what each one points at without starting anything.
/// </summary>
public sealed class AppHostModelTests
{
    private const string HookSecret = "{hook-secret.value}";
    private const string LadderSecret = "{ladder-secret.value}";

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task EveryServiceIsWiredToWhatItNeeds(string servers)
    {
        using var data = new TempFolder("apphost-model");
        await using var builder = await CreateAsync(data.Path, servers);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var api = (ProjectResource)resources["api"];
        var apiEnvironment = await EnvironmentAsync(api);
        Assert.Equal("{redis.connectionString}", apiEnvironment["ConnectionStrings__redis"]);
        Assert.Equal("{messaging.connectionString}", apiEnvironment["ConnectionStrings__messaging"]);
        Assert.Equal(HookSecret, apiEnvironment[SettingNames.Variable(SettingNames.HookSecret)]);
        Assert.Equal("{admin-api-key.value}", apiEnvironment["Admin__ApiKey"]);
        // The development channel's key: this machine's own secret, not a value anyone can read in the README.
        Assert.Equal("{development-stream-key.value}", apiEnvironment["Channels__Development__Key"]);
        Assert.True(((ParameterResource)resources["development-stream-key"]).Secret);
        // Every address the Api hands out names the public host, nginx's front and its RTMP port (AppHost:PublicHost).
        Assert.Equal($"http://{PublicHost}:{HttpPort}/hls", apiEnvironment["Streaming__HlsBaseUrl"]);
        Assert.Equal($"rtmp://{PublicHost}:{RtmpPort}/live", apiEnvironment["Streaming__RtmpBaseUrl"]);
        Assert.Equal(Path.Combine(data.Path, "media"), apiEnvironment["Media__Root"]);
        AssertWaitsFor(api, "redis", "messaging");
        AssertHttpHealthCheck(api);
        var apiHttp = api.GetEndpoints().Single(e => e.EndpointName == "http").EndpointAnnotation;
        Assert.True(apiHttp.IsExternal);
        Assert.Null(apiHttp.Port); // the launch profile's 5080 is the front's; the Api's own endpoint takes a free port

        var worker = (ProjectResource)resources["vod-worker"];
        var workerEnvironment = await EnvironmentAsync(worker);
        Assert.Equal("{redis.connectionString}", workerEnvironment["ConnectionStrings__redis"]);
        Assert.Equal("{messaging.connectionString}", workerEnvironment["ConnectionStrings__messaging"]);
        Assert.Equal("{nginx-rtmp.bindings.hls.url}/hls/", workerEnvironment["Thumbnails__HlsBaseUrl"]);
        Assert.Equal(apiEnvironment["Media__Root"], workerEnvironment["Media__Root"]);
        Assert.Equal("rtmp://{nginx-rtmp.bindings.rtmp.host}:{nginx-rtmp.bindings.rtmp.port}", workerEnvironment["Ladder__RtmpBaseUrl"]);
        Assert.Equal(LadderSecret, workerEnvironment[SettingNames.Variable(SettingNames.LadderSecret)]);
        Assert.Equal(LadderSecret, apiEnvironment[SettingNames.Variable(SettingNames.LadderSecret)]);
        // The restream targets' keys are sealed by the Api and opened by the worker under the same generated secret.
        Assert.Equal("{restream-secret.value}", workerEnvironment[SettingNames.Variable(SettingNames.RestreamSecret)]);
        Assert.Equal("{restream-secret.value}", apiEnvironment[SettingNames.Variable(SettingNames.RestreamSecret)]);
        Assert.True(((ParameterResource)resources["restream-secret"]).Secret);

        AssertWaitsFor(worker, "redis", "messaging");
        AssertHttpHealthCheck(worker);

        var nginx = (IResourceWithEnvironment)resources["nginx-rtmp"];
        var nginxEnvironment = await EnvironmentAsync(nginx);
        Assert.Equal("{api.bindings.http.url}", nginxEnvironment["HOOK_BASE_URL"]);
        Assert.Equal(HookSecret, nginxEnvironment[SettingNames.NginxHookSecret]);
        AssertWaitsFor(nginx, "api");
        var rtmp = ((IResourceWithEndpoints)nginx).GetEndpoints().Single(e => e.EndpointName == "rtmp").EndpointAnnotation;
        Assert.Equal(RtmpPort, rtmp.Port);
        Assert.Equal("0.0.0.0", rtmp.TargetHost); // a phone on the LAN reaches it
        // The public front (web app, API, HLS) on every address, on AppHost:HttpPort.
        var front = ((IResourceWithEndpoints)nginx).GetEndpoints().Single(e => e.EndpointName == "hls").EndpointAnnotation;
        Assert.Equal("http", front.UriScheme);
        Assert.Equal(HttpPort, front.Port);
        Assert.Equal("0.0.0.0", front.TargetHost);
        Assert.Equal(servers == "containers", front.IsProxied); // a container's port through Aspire's proxy on every address
        Assert.True(nginx.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _), "nginx-rtmp has no health check");

        foreach (var name in new[] { "redis", "messaging" })
        {
            Assert.IsAssignableFrom<IResourceWithConnectionString>(resources[name]);
            Assert.True(resources[name].TryGetAnnotationsOfType<HealthCheckAnnotation>(out _), $"{name} has no health check");
        }
    }

    [Theory]
    [InlineData("local")]
    [InlineData("containers")]
    public async Task JanusIsHealthCheckedAndTheApiAndTheWorkerReachItWithItsSecret(string servers)
    {
        using var data = new TempFolder("apphost-model");
        await using var builder = await CreateAsync(data.Path, servers);
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var janus = (IResourceWithEnvironment)resources["janus"];
        Assert.True(janus.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _), "janus has no health check");
        var janusEnvironment = await EnvironmentAsync(janus);
        Assert.Equal("{janus-api-secret.value}", janusEnvironment["JANUS_API_SECRET"]);
        if (servers == "local")
        {
            Assert.Equal(Path.Combine(RepositoryPaths.Root, "janus", "entrypoint.sh"), ((ExecutableResource)janus).Command);
            Assert.Equal("127.0.0.1", janusEnvironment["JANUS_HTTP_ADDRESS"]);
            Assert.Equal(Path.Combine(data.Path, "janus", "config"), janusEnvironment["JANUS_CONFIG_PATH"]);
        }
        else
        {
            Assert.Equal(Path.Combine(RepositoryPaths.Root, "janus"), Path.GetFullPath(((ContainerResource)janus).Annotations.OfType<DockerfileBuildAnnotation>().Single().ContextPath));
        }

        foreach (var service in new[] { "api", "vod-worker" })
        {
            var environment = await EnvironmentAsync((ProjectResource)resources[service]);
            Assert.Equal("{janus.bindings.http.url}/", environment["Realtime__JanusUrl"]);
            Assert.Equal("{janus-api-secret.value}", environment[SettingNames.Variable(SettingNames.JanusApiSecret)]);
        }
    }

    [Fact]
    public async Task LocalModeRunsDebiansServersWithDataInTheDataFolder()
    {
        using var data = new TempFolder("apphost-model");
        await using var builder = await CreateAsync(data.Path, "local");
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var redis = Assert.IsAssignableFrom<ExecutableResource>(resources["redis"]);
        Assert.EndsWith("/redis-server", redis.Command);
        var redisArguments = await redis.GetArgumentValuesAsync(DistributedApplicationOperation.Publish);
        Assert.Equal(["--appendonly", "yes", "--appendfsync", "everysec"], redisArguments[^4..]);
        Assert.Contains(Path.Combine(data.Path, "redis"), redisArguments);

        var rabbitMq = Assert.IsAssignableFrom<ExecutableResource>(resources["messaging"]);
        var rabbitMqEnvironment = await EnvironmentAsync(rabbitMq);
        Assert.Equal(Path.Combine(data.Path, "messaging", "mnesia"), rabbitMqEnvironment["RABBITMQ_MNESIA_BASE"]);
        Assert.Equal("127.0.0.1", rabbitMqEnvironment["RABBITMQ_NODE_IP_ADDRESS"]);
        Assert.StartsWith("amqp://guest:guest@", ((IResourceWithConnectionString)rabbitMq).ConnectionStringExpression.ValueExpression);

        // nginx runs through the container's own entrypoint and template, with the folders the services read.
        var nginx = Assert.IsAssignableFrom<ExecutableResource>(resources["nginx-rtmp"]);
        Assert.Equal(Path.Combine(RepositoryPaths.NginxRtmp, "entrypoint.sh"), nginx.Command);
        var nginxEnvironment = await EnvironmentAsync(nginx);
        Assert.Equal(Path.Combine(RepositoryPaths.NginxRtmp, "nginx.conf.template"), nginxEnvironment["NGINX_CONF_TEMPLATE"]);
        // The live edge's HLS in memory, its DVR copy on disk; the services read both where nginx writes them.
        var liveHls = AppHost::Aspire.Hosting.LiveHlsFolder.For(Path.Combine(data.Path, "media"));
        Assert.StartsWith("/dev/shm/", liveHls);
        Assert.Equal(liveHls, nginxEnvironment["HLS_PATH"]);
        Assert.Equal(Path.Combine(data.Path, "media", "dvr"), nginxEnvironment["DVR_PATH"]);
        Assert.Equal(Path.Combine(data.Path, "media", "recordings"), nginxEnvironment["RECORDINGS_PATH"]);
        foreach (var service in new[] { "api", "vod-worker" })
        {
            var environment = await EnvironmentAsync((ProjectResource)resources[service]);
            Assert.Equal(liveHls, environment["Media__HlsPath"]);
            Assert.Equal(Path.Combine(data.Path, "media", "dvr"), environment["Media__DvrPath"]);
        }

        Assert.Equal(RtmpPort.ToString(), nginxEnvironment["RTMP_PORT"]);
        Assert.Equal("{nginx-rtmp.bindings.hls.targetPort}", nginxEnvironment["HTTP_PORT"]);
        Assert.Equal(HttpPort, ((IResourceWithEndpoints)nginx).GetEndpoints().Single(e => e.EndpointName == "hls").EndpointAnnotation.TargetPort);
        Assert.InRange(int.Parse(nginxEnvironment["HOOK_PROXY_PORT"]), 1024, 65535);

        // nginx reports recording paths as the services see them: no container path to translate.
        Assert.DoesNotContain("Media__NginxRecordingsPath", (await EnvironmentAsync((ProjectResource)resources["api"])).Keys);
    }

    [Fact]
    public async Task ContainersModeBuildsNginxFromItsDockerfileAndSharesTheMediaFolders()
    {
        using var data = new TempFolder("apphost-model");
        await using var builder = await CreateAsync(data.Path, "containers");
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var redis = Assert.IsAssignableFrom<ContainerResource>(resources["redis"]);
        Assert.Contains(redis.Annotations.OfType<ContainerMountAnnotation>(), m => m.Type == ContainerMountType.Volume && m.Target == "/data");
        var redisArguments = await redis.GetArgumentValuesAsync(DistributedApplicationOperation.Run);
        Assert.Contains("--appendonly", string.Join(' ', redisArguments));
        Assert.IsAssignableFrom<ContainerResource>(resources["messaging"]);

        var nginx = Assert.IsAssignableFrom<ContainerResource>(resources["nginx-rtmp"]);
        var build = nginx.Annotations.OfType<DockerfileBuildAnnotation>().Single();
        Assert.Equal(RepositoryPaths.NginxRtmp, Path.GetFullPath(build.ContextPath));
        var mounts = nginx.Annotations.OfType<ContainerMountAnnotation>().ToDictionary(m => m.Target, m => m.Source);
        Assert.Equal(AppHost::Aspire.Hosting.LiveHlsFolder.For(Path.Combine(data.Path, "media")), mounts["/data/hls"]);
        Assert.Equal(Path.Combine(data.Path, "media", "dvr"), mounts["/data/dvr"]);
        Assert.Equal("/data/dvr", (await EnvironmentAsync(nginx))["DVR_PATH"]);
        Assert.Equal(Path.Combine(data.Path, "media", "recordings"), mounts["/data/recordings"]);

        // The services run on this machine and read the bind-mounted folders; nginx names files by its own paths.
        var apiEnvironment = await EnvironmentAsync((ProjectResource)resources["api"]);
        Assert.Equal("/data/recordings", apiEnvironment["Media__NginxRecordingsPath"]);
    }

    private const int RtmpPort = 19350;
    private const int HttpPort = 15081;
    private const string PublicHost = "media.example.test";

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(string dataPath, string servers) =>
        DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.StreamingPlatform_AppHost>(AppHostFixture.Arguments(dataPath, RtmpPort, HttpPort, servers, PublicHost));

    internal static async Task<Dictionary<string, string>> EnvironmentAsync(IResourceWithEnvironment resource) =>
        new(await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish));

    private static void AssertWaitsFor(IResource resource, params string[] dependencies)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToHashSet();
        Assert.All(dependencies, dependency => Assert.Contains(dependency, waits));
    }

    private static void AssertHttpHealthCheck(IResource resource) =>
        Assert.True(resource.TryGetAnnotationsOfType<HealthCheckAnnotation>(out var checks) && checks.Any(),
            $"{resource.Name} has no health check");
}
