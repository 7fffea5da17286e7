using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>
/// Every few seconds: starts a <see cref="RelaySession"/> for each live broadcast whose lease this worker wins, renews the
/// leases it holds, and stops the relays whose broadcast is no longer live or whose lease it lost. Every live channel is
/// relayed, watched or not (measured in bench/realtime: the copy costs a few percent of a core, and a viewer then starts
/// at once). Off while <see cref="RealtimeOptions.JanusUrl"/> is unset.
/// </summary>
public sealed class RelaySupervisor(
    LiveBroadcastReader reader,
    RelayLease leases,
    RealtimeRelays relays,
    IHttpClientFactory httpClients,
    IOptions<RealtimeOptions> options,
    IOptions<LadderOptions> ladder,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger<RelaySupervisor> logger) : BackgroundService
{
    public const string JanusHttpClient = "janus";

    private readonly Dictionary<string, RelaySession> _running = [];
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.JanusUrl is null || settings.ApiSecret is null)
        {
            RealtimeLog.Disabled(logger);
            return;
        }

        if (ladder.Value.RtmpBaseUrl is null)
        {
            RealtimeLog.NoSource(logger);
            return;
        }

        RealtimeLog.Started(logger, settings.JanusUrl, settings.RtpHost);
        var janus = new JanusClient(httpClients.CreateClient(JanusHttpClient), settings.ApiSecret);
        var interval = TimeSpan.FromSeconds(settings.ScanSeconds);
        try
        {
            do
            {
                try
                {
                    await RoundAsync(janus, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    RealtimeLog.RoundFailed(logger, exception);
                }
            }
            while (await time.WaitForNextRoundAsync(interval, stoppingToken));
        }
        finally
        {
            foreach (var session in _running.Values)
            {
                await session.StopAsync("shutdown");
                await leases.ReleaseAsync(session.Broadcast.BroadcastId, _owner).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RoundAsync(JanusClient janus, CancellationToken stoppingToken)
    {
        var wanted = (await reader.ReadAsync()).ToDictionary(w => w.BroadcastId);

        foreach (var (id, session) in _running.ToList())
        {
            if (session.Running is { IsCompleted: true })
            {
                _running.Remove(id);
                await leases.ReleaseAsync(id, _owner);
            }
            else if (!wanted.ContainsKey(id))
            {
                _running.Remove(id);
                await session.StopAsync("ended");
                await leases.ReleaseAsync(id, _owner);
            }
            else if (!await leases.RenewAsync(id, _owner, Lease))
            {
                _running.Remove(id);
                await session.StopAsync("lease_lost");
            }
        }

        foreach (var broadcast in wanted.Values.Where(w => !_running.ContainsKey(w.BroadcastId)))
        {
            if (!await leases.TryAcquireAsync(broadcast.BroadcastId, _owner, Lease))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    RealtimeLog.HeldElsewhere(logger, broadcast.Channel, broadcast.BroadcastId, await leases.OwnerAsync(broadcast.BroadcastId) ?? "nobody");
                }

                continue;
            }

            var session = new RelaySession(broadcast, janus, relays, options.Value, ladder.Value, ffmpeg, time, logger);
            _running[broadcast.BroadcastId] = session;
            session.Start(stoppingToken);
        }
    }
}
