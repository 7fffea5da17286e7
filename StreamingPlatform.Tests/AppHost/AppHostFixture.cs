extern alias AppHost;

using Aspire.Hosting;
using Aspire.Hosting.Testing;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The real AppHost (Aspire.Hosting.Testing) in local-servers mode with its dashboard: Debian's redis-server,
/// rabbitmq-server and nginx started by Aspire as executables, the Api and the VodWorker as projects, data in a temp
/// folder, RTMP on a free port. Started once for the AppHost tests.
/// </summary>
public sealed class AppHostFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly TempFolder _data = new("apphost");

    public DistributedApplication App { get; private set; } = null!;

    public int RtmpPort { get; } = FreePort.Next();

    /// <summary>nginx's public front (web app, API, HLS).</summary>
    public int HttpPort { get; } = FreePort.Next();

    public string DataPath => _data.Path;

    /// <summary>How long the AppHost took from Start to every resource healthy.</summary>
    public TimeSpan StartUpTime { get; private set; }

    /// <summary>The key of the dashboard's telemetry API (<c>x-api-key</c>), given to the AppHost.</summary>
    public const string DashboardApiKey = "apphost-test-dashboard-api-key-0123456789";

    public const string AdminKey = "apphost-test-admin-key-0123456789";

    /// <summary>
    /// The AppHost's settings for a test: its own data folder and free ports, and a public host the test chose (never
    /// this machine's detected address, which tests must not send traffic to).
    /// </summary>
    internal static string[] Arguments(string dataPath, int rtmpPort, int httpPort, string servers = "local", string publicHost = "127.0.0.1") =>
    [
        $"AppHost:Servers={servers}",
        $"AppHost:DataPath={dataPath}",
        $"AppHost:RtmpPort={rtmpPort}",
        $"AppHost:HttpPort={httpPort}",
        $"AppHost:PublicHost={publicHost}",
        "Parameters:hook-secret=apphost-test-hook-secret-0123456789",
        "Parameters:ladder-secret=apphost-test-ladder-secret-0123456789",
        "Parameters:webhooks-secret=apphost-test-webhooks-secret-0123456789",
        $"Parameters:admin-api-key={AdminKey}",
        // Given, so that no test run generates one into this machine's user secrets.
        "Parameters:development-stream-key=apphost-test-development-key-0123456789",
    ];

    public async Task InitializeAsync()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        App = await StartAsync([.. Arguments(DataPath, RtmpPort, HttpPort), $"AppHost:DashboardApiKey={DashboardApiKey}"]);
        StartUpTime = started.Elapsed;
    }

    /// <summary>Builds and starts the AppHost with its dashboard and waits until every resource is healthy.</summary>
    internal static async Task<DistributedApplication> StartAsync(string[] arguments)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.StreamingPlatform_AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, arguments, timeout.Token);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            foreach (var resource in new[] { "redis", "messaging", "api", "nginx-rtmp", "vod-worker" })
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.DisposeAsync();
        }

        _data.Dispose();
    }
}
