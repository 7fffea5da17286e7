using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>The real Api on a real Kestrel port, so that nginx's hooks (another process) can reach it.</summary>
internal sealed class ApiServer : WebApplicationFactory<Program>
{
    public const string HookSecret = "test-hook-secret-0123456789";
    public const string AdminKey = "test-admin-key-0123456789";
    public const string LadderSecret = "test-ladder-secret-0123456789";
    public const string RestreamSecret = "test-restream-secret-0123456789";
    public const int LeaseSeconds = 4;
    public const int ReconnectGraceSeconds = 15; // a 5 s reconnect in the tests keeps a wide margin on a loaded 2-core machine

    private readonly IReadOnlyDictionary<string, string> _settings;

    private ApiServer(int port, IReadOnlyDictionary<string, string> settings, string? alsoListenOn)
    {
        Port = port;
        _settings = settings;
        if (alsoListenOn is null)
        {
            UseKestrel(port);
        }
        else
        {
            UseKestrel(kestrel =>
            {
                kestrel.Listen(System.Net.IPAddress.Loopback, port);
                kestrel.Listen(System.Net.IPAddress.Parse(alsoListenOn), port);
            });
        }
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public CapturedLogs Logs { get; } = new();

    /// <summary>Every span the Api finished, from OpenTelemetry's in-memory exporter.</summary>
    public SpanList Spans { get; } = new();

    /// <param name="alsoListenOn">An address of a test network (a browser in its namespace reaches the Api there).</param>
    public static ApiServer Start(string redisConnectionString, int nginxHttpPort, IDictionary<string, string>? extraSettings = null, string? alsoListenOn = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = redisConnectionString,
            ["ConnectionStrings:messaging"] = "amqp://guest:guest@127.0.0.1:1/",
            ["Sessions:ReconnectGraceSeconds"] = ReconnectGraceSeconds.ToString(),
            [SettingNames.HookSecret] = HookSecret,
            ["Admin:ApiKey"] = AdminKey,
            [SettingNames.LadderSecret] = LadderSecret,
            [SettingNames.RestreamSecret] = RestreamSecret,
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

        var server = new ApiServer(FreePort.Next(), settings, alsoListenOn);
        server.StartServer();
        return server;
    }

    /// <param name="source">
    /// The loopback address the client connects from (any of 127.0.0.0/8), to play a second client address; null: the
    /// system's choice (127.0.0.1).
    /// </param>
    public HttpClient CreateHttpClient(string? adminKey = null, IPAddress? source = null)
    {
        var handler = new SocketsHttpHandler();
        if (source is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(15) };
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
