using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.VodWorker.Media;
using StackExchange.Redis;

namespace StreamingPlatform.VodWorker.Ladder;

/// <summary>
/// Runs a <see cref="TranscodingSession"/> for each live broadcast that wants a ladder, one worker per broadcast under
/// <see cref="StoreKeys.LadderLease"/> (<see cref="LiveJobSupervisor{TWanted}"/>). A channel without a ladder costs one
/// Redis read a round here and starts nothing. Off while <see cref="LadderOptions.RtmpBaseUrl"/> is unset.
/// </summary>
public sealed class LadderSupervisor(
    LadderBroadcastReader reader,
    IConnectionMultiplexer redis,
    LadderStateStore states,
    IOptions<LadderOptions> options,
    Ffmpeg ffmpeg,
    TimeProvider time,
    ILogger<LadderSupervisor> logger) : LiveJobSupervisor<LiveBroadcast>(new LiveJobLease(redis, StoreKeys.LadderLease), time, logger)
{
    protected override LiveJobSchedule? Configure()
    {
        if (options.Value.RtmpBaseUrl is not { } rtmp)
        {
            LadderLog.Disabled(Logger);
            return null;
        }

        LadderLog.Started(Logger, string.Join(", ", options.Value.EffectiveRenditions.Select(r => $"{r.Name} {r.VideoKbps}k")), options.Value.Preset, rtmp);
        return options.Value.Schedule();
    }

    protected override Task<IReadOnlyList<LiveBroadcast>> ReadWantedAsync() => reader.ReadAsync();

    protected override string JobId(LiveBroadcast wanted) => wanted.BroadcastId;

    protected override LiveJob CreateJob(LiveBroadcast wanted) => new TranscodingSession(wanted, options.Value, ffmpeg, states, Time, Logger);

    protected override void LogHeldElsewhere(LiveBroadcast wanted, string owner) => LadderLog.HeldElsewhere(Logger, wanted.Channel, wanted.BroadcastId, owner);

    protected override void LogRoundFailed(Exception exception) => LadderLog.RoundFailed(Logger, exception);
}
