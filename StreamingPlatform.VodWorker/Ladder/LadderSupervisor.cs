using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// Every few seconds: starts a <see cref="TranscodingSession"/> for each live broadcast that wants a ladder and whose lease
/// this worker wins, renews the leases it holds, and stops the sessions whose broadcast is no longer live (ended, or
/// between a dropped connection and its resume) or whose lease it lost. A channel without a ladder costs one Redis read
/// a round here and starts nothing. Off while <see cref="LadderOptions.RtmpBaseUrl"/> is unset.
/// </summary>
public sealed class LadderSupervisor(
    LadderBroadcastReader reader,
    LadderLease leases,
    LadderStateStore states,
    IOptions<LadderOptions> options,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger<LadderSupervisor> logger) : BackgroundService
{
    private readonly Dictionary<string, TranscodingSession> _running = [];
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.RtmpBaseUrl is not { } rtmp)
        {
            LadderLog.Disabled(logger);
            return;
        }

        LadderLog.Started(logger, string.Join(", ", options.Value.EffectiveRenditions.Select(r => $"{r.Name} {r.VideoKbps}k")), options.Value.Preset, rtmp);
        var interval = TimeSpan.FromSeconds(options.Value.ScanSeconds);
        try
        {
            do
            {
                try
                {
                    await RoundAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LadderLog.RoundFailed(logger, exception);
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

    private async Task RoundAsync(CancellationToken stoppingToken)
    {
        var wanted = (await reader.ReadAsync()).ToDictionary(w => w.BroadcastId);

        foreach (var (id, session) in _running.ToList())
        {
            if (session.Running is { IsCompleted: true })
            {
                // Failed in a way it could not recover from: released, and started afresh below if still wanted.
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
                    LadderLog.HeldElsewhere(logger, broadcast.Channel, broadcast.BroadcastId, await leases.OwnerAsync(broadcast.BroadcastId) ?? "nobody");
                }

                continue;
            }

            var session = new TranscodingSession(broadcast, options.Value, ffmpeg, states, time, logger);
            _running[broadcast.BroadcastId] = session;
            session.Start(stoppingToken);
        }
    }
}
