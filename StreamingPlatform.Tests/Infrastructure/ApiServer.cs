using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>The real Api on a real Kestrel port, so that nginx's hooks (another process) can reach it.</summary>
internal sealed class ApiServer : WebApplicationFactory<Program>
{
    public const string HookSecret = "test-hook-secret-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string LadderSecret = "test-ladder-secret-0123456789";
    public const int LeaseSeconds = 4;
    public const int ReconnectGraceSeconds = 15; // a 5 s reconnect in the tests keeps a wide margin on a loaded 2-core machine

    private readonly IReadOnlyDictionary<string, string> _settings;

    private ApiServer(int port, IReadOnlyDictionary<string, string> settings)
    {
        Port = port;
        _settings = settings;
        UseKestrel(port);
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the Api finished, from OpenTelemetry's in-memory exporter.</summary>
    public SpanList Spans { get; } = new();

    public static ApiServer Start(string redisConnectionString, int nginxHttpPort, IDictionary<string, string>? extraSettings = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = redisConnectionString,
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Sessions:ReconnectGraceSeconds"] = ReconnectGraceSeconds.ToString(),
            ["Hooks:Secret"] = HookSecret,
            ["Admin:ApiKey"] = AdminKey,
            ["Ladder:Secret"] = LadderSecret,
            ["Sessions:LeaseSeconds"] = LeaseSeconds.ToString(),
            ["Streaming:HlsBaseUrl"] = $"http://127.0.0.1:{nginxHttpPort}/hls",
            ["Streaming:RtmpBaseUrl"] = "rtmp://127.0.0.1:1935/live",
            ["MediaDisk:LowFreeMegabytes"] = TestDiskMarks.LowFreeMegabytes,
            ["MediaDisk:CriticalFreeMegabytes"] = TestDiskMarks.CriticalFreeMegabytes,
            // Everything logged, ASP.NET Core's own request lines included, so secrecy checks see all there is.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var server = new ApiServer(FreePort.Next(), settings);
        server.StartServer();
        return server;
    }

    public HttpClient CreateHttpClient(string? adminKey = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
        if (adminKey is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        }

        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddProvider(Logs));
        builder.ConfigureServices(services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans)));
    }
}
