using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>
/// Runs a <see cref="RestreamJob"/> for each enabled target of each live broadcast, one worker per target under
/// <see cref="StoreKeys.RestreamLease"/> (<see cref="LiveJobSupervisor{TWanted}"/>): a target switched off or removed
/// stops within a round, one added starts. Off while <see cref="RestreamOptions.Secret"/> is unset.
/// </summary>
public sealed class RestreamSupervisor(
    RestreamTargetReader reader,
    IConnectionMultiplexer redis,
    RestreamStates states,
    IOptions<RestreamOptions> options,
    IOptions<RestreamRelayOptions> relays,
    IOptions<LadderOptions> source,
    Ffmpeg tools,
    TimeProvider time,
    ILogger<RestreamSupervisor> logger) : LiveJobSupervisor<RestreamRequest>(new LiveJobLease(redis, StoreKeys.RestreamLease), time, logger)
{
    private RestreamKeySeal? _seal;

    protected override LiveJobSchedule? Configure()
    {
        var settings = options.Value;
        if (settings.Secret is null)
        {
            RestreamLog.Disabled(Logger);
            return null;
        }

        if (source.Value.RtmpBaseUrl is null)
        {
            RestreamLog.NoSource(Logger);
            return null;
        }

        RestreamLog.Started(Logger);
        _seal = new RestreamKeySeal(settings.Secret);
        return relays.Value.Schedule();
    }

    protected override Task<IReadOnlyList<RestreamRequest>> ReadWantedAsync() => reader.ReadAsync();

    protected override string JobId(RestreamRequest wanted) => wanted.JobId;

    protected override LiveJob CreateJob(RestreamRequest wanted) =>
        new RestreamJob(wanted, _seal!, states, relays.Value, source.Value, tools, Time, Logger);

    protected override void LogHeldElsewhere(RestreamRequest wanted, string owner) =>
        RestreamLog.HeldElsewhere(Logger, wanted.Broadcast.Channel, wanted.Broadcast.BroadcastId, wanted.Target.Id, owner);

    protected override void LogRoundFailed(Exception exception) => RestreamLog.RoundFailed(Logger, exception);
}
