using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A streaming platform as a restream target sees it (YouTube's <c>live2</c>, Twitch's <c>app</c>): a second nginx-rtmp of
/// the test's own, whose applications ask a tiny receiver in the test (on_publish) whether the stream name is the
/// application's key, as the platforms check theirs. Anyone may play what was published, so ffprobe reads the copy.
/// </summary>
internal sealed class RtmpTargetServer : IAsyncDisposable
{
    private readonly ChildProcess _nginx;
    private readonly WebApplication _receiver;
    private readonly TempFolder _folder;

    private RtmpTargetServer(ChildProcess nginx, WebApplication receiver, TempFolder folder, int port, ConcurrentQueue<TargetPublish> publishes)
    {
        Publishes = publishes;
        _nginx = nginx;
        _receiver = receiver;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Every publish the receiver was asked about, in order.</summary>
    public ConcurrentQueue<TargetPublish> Publishes { get; }

    public string Url(string app) => $"rtmp://127.0.0.1:{Port}/{app}";

    /// <param name="keys">Each application and the one stream key it admits.</param>
    public static async Task<RtmpTargetServer> StartAsync(IReadOnlyDictionary<string, string> keys)
    {
        var folder = new TempFolder("rtmp-target");
        var port = FreePort.Next();
        var receiverPort = FreePort.Next();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{receiverPort}");
        builder.Logging.ClearProviders();
        var receiver = builder.Build();
        var publishes = new ConcurrentQueue<TargetPublish>();
        receiver.MapPost("/publish", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (app, name) = (form["app"].ToString(), form["name"].ToString());
            var admitted = keys.TryGetValue(app, out var key) && key == name;
            publishes.Enqueue(new TargetPublish(app, name, form["tcurl"].ToString(), admitted));
            return admitted ? Results.Ok() : Results.StatusCode(StatusCodes.Status403Forbidden);
        });
        await receiver.StartAsync();

        var applications = string.Concat(keys.Keys.Select(app => $$"""
                    application {{app}} {
                        live on;
                        on_publish http://127.0.0.1:{{receiverPort}}/publish;
                    }

            """));
        File.WriteAllText(folder.Combine("nginx.conf"), $$"""
            load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
            worker_processes 1;
            daemon off;
            pid {{folder.Combine("nginx.pid")}};
            error_log {{folder.Combine("error.log")}} warn;
            events { worker_connections 256; }
            rtmp {
                server {
                    listen 127.0.0.1:{{port}};
                    access_log off;
            {{applications}}
                }
            }
            """);
        var nginx = ChildProcess.Start("nginx", ["-p", folder.Path, "-c", folder.Combine("nginx.conf"), "-e", folder.Combine("error.log")]);
        return await StartedServers.StartAsync(new RtmpTargetServer(nginx, receiver, folder, port, publishes), s => s.WaitUntilListeningAsync());
    }

    private Task WaitUntilListeningAsync() =>
        Eventually.TrueAsync(async () =>
        {
            Assert.False(_nginx.HasExited, $"the target's nginx exited: {_nginx.Output} {ReadLog(_folder)}");
            using var probe = new System.Net.Sockets.TcpClient();
            try
            {
                await probe.ConnectAsync(System.Net.IPAddress.Loopback, Port);
                return true;
            }
            catch (System.Net.Sockets.SocketException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(15), "the target's nginx-rtmp");

    private static string ReadLog(TempFolder folder) => File.Exists(folder.Combine("error.log")) ? File.ReadAllText(folder.Combine("error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        await _nginx.DisposeAsync();
        await _receiver.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>A publish the target's receiver was asked about: application, stream name, tcUrl and whether it was admitted.</summary>
internal sealed record TargetPublish(string App, string Name, string TcUrl, bool Admitted);
