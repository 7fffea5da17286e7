// Simulated watch pages of one live channel: each viewer posts POST /api/streams/<channel>/viewers/<id> every
// `interval` seconds (its first report at a random moment of the first interval), as watch.js does, from one of many
// loopback source addresses: 127.1.x.y, `perAddress` viewers each (the Api's per-address cap is 10), one keep-alive
// connection per address. With `alive` instead of `presence` each report is a GET /alive (the baseline: no Redis).
// Reports in the first `warmup` seconds are not measured. At the end it reads the channel's viewer count from the Api
// (before any viewer could expire) and prints one JSON line.
//   PresenceLoad <api> <channel> <viewers> <seconds> <warmup> <presence|alive> [perAddress=10] [interval=5]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

var api = new Uri(args[0]);
var channel = args[1];
var viewers = int.Parse(args[2]);
var seconds = double.Parse(args[3]);
var warmup = TimeSpan.FromSeconds(double.Parse(args[4]));
var presence = args[5] == "presence";
var perAddress = args.Length > 6 ? int.Parse(args[6]) : 10;
var interval = TimeSpan.FromSeconds(args.Length > 7 ? double.Parse(args[7]) : 5);

var addresses = (viewers + perAddress - 1) / perAddress;
var clients = Enumerable.Range(0, addresses).Select(a => ClientFrom(IPAddress.Parse($"127.1.{a / 250}.{a % 250 + 1}"))).ToArray();
var latencies = new List<double>(viewers * (int)(seconds / interval.TotalSeconds + 1));
var statuses = new Dictionary<string, int>();
var clock = Stopwatch.StartNew();
var end = TimeSpan.FromSeconds(seconds);

await Task.WhenAll(Enumerable.Range(0, viewers).Select(ViewerAsync));
var count = presence ? await ViewersNowAsync() : (long?)null;
var measuredSeconds = seconds - warmup.TotalSeconds;
latencies.Sort();
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode = args[5],
    viewers,
    addresses,
    reports = latencies.Count,
    rps = Math.Round(latencies.Count / measuredSeconds),
    p50_ms = Percentile(50),
    p90_ms = Percentile(90),
    p99_ms = Percentile(99),
    max_ms = latencies.Count > 0 ? Math.Round(latencies[^1], 2) : 0,
    statuses,
    counted = count,
}));
return 0;

async Task ViewerAsync(int viewer)
{
    var client = clients[viewer / perAddress];
    var path = presence ? $"api/streams/{channel}/viewers/{viewer + 1:x32}" : "alive";
    var next = interval * Random.Shared.NextDouble();
    while (next < end)
    {
        var wait = next - clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var started = clock.Elapsed;
        string status;
        try
        {
            using var response = presence ? await client.PostAsync(path, null) : await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            status = ((int)response.StatusCode).ToString();
        }
        catch (HttpRequestException exception)
        {
            status = exception.HttpRequestError.ToString();
        }

        var took = (clock.Elapsed - started).TotalMilliseconds;
        lock (latencies)
        {
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (started >= warmup)
            {
                latencies.Add(took);
            }
        }

        next += interval;
    }
}

async Task<long> ViewersNowAsync()
{
    using var json = JsonDocument.Parse(await clients[0].GetStringAsync($"api/streams/{channel}"));
    return json.RootElement.GetProperty("viewers").GetInt64();
}

double Percentile(int p) => latencies.Count == 0 ? 0 : Math.Round(latencies[Math.Min(latencies.Count - 1, latencies.Count * p / 100)], 2);

HttpClient ClientFrom(IPAddress source) => new(new SocketsHttpHandler
{
    ConnectCallback = async (context, token) =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(context.DnsEndPoint, token);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    },
    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
})
{ BaseAddress = api, Timeout = TimeSpan.FromSeconds(30) };
