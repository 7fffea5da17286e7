using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.VodWorker.Media;

namespace StreamingPlatform.VodWorker.Realtime;

/// <summary>
/// Runs a <see cref="RelaySession"/> for each live broadcast, one worker per broadcast under
/// <see cref="StoreKeys.RealtimeLease"/> (<see cref="LiveJobSupervisor{TWanted}"/>). Every live channel is relayed, watched
/// or not (measured in bench/realtime: the copy costs a few percent of a core, and a viewer then starts at once). Off
/// while <see cref="RealtimeOptions.JanusUrl"/> is unset.
/// </summary>
public sealed class RelaySupervisor(
    LiveBroadcastReader reader,
    IConnectionMultiplexer redis,
    RealtimeRelays relays,
    IHttpClientFactory httpClients,
    IOptions<RealtimeOptions> options,
    IOptions<LadderOptions> ladder,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger<RelaySupervisor> logger) : LiveJobSupervisor<LiveBroadcast>(new LiveJobLease(redis, StoreKeys.RealtimeLease), time, logger)
{
    public const string JanusHttpClient = "janus";

    private JanusClient? _janus;

    protected override LiveJobSchedule? Configure()
    {
        var settings = options.Value;
        if (settings.JanusUrl is null || settings.ApiSecret is null)
        {
            RealtimeLog.Disabled(Logger);
            return null;
        }

        if (ladder.Value.RtmpBaseUrl is null)
        {
            RealtimeLog.NoSource(Logger);
            return null;
        }

        RealtimeLog.Started(Logger, settings.JanusUrl, settings.RtpHost);
        _janus = new JanusClient(httpClients.CreateClient(JanusHttpClient), settings.ApiSecret);
        return settings.Schedule();
    }

    protected override Task<IReadOnlyList<LiveBroadcast>> ReadWantedAsync() => reader.ReadAsync();

    protected override string JobId(LiveBroadcast wanted) => wanted.BroadcastId;

    protected override LiveJob CreateJob(LiveBroadcast wanted) =>
        new RelaySession(wanted, _janus!, relays, options.Value, ladder.Value, ffmpeg, Time, Logger);

    protected override void LogHeldElsewhere(LiveBroadcast wanted, string owner) => RealtimeLog.HeldElsewhere(Logger, wanted.Channel, wanted.BroadcastId, owner);

    protected override void LogRoundFailed(Exception exception) => RealtimeLog.RoundFailed(Logger, exception);
}
