using StreamingPlatform.Api.Hooks;
using StreamingPlatform.BroadcastState.Sessions;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Feeds heartbeats to the <see cref="MediaClockRepository"/> (the publish script starts the clock). The clock only serves
/// the viewers' delay display, so a failure here is logged and never changes a hook's answer (which could cut the stream).
/// </summary>
public sealed class MediaClockRecorder(MediaClockRepository clocks, ILogger<MediaClockRecorder> logger)
{
    /// <param name="timestamp">The heartbeat's <c>timestamp</c> field: the RTMP timestamp of the last frame nginx received.</param>
    public Task HeartbeatAsync(HookForm form, DateTimeOffset arrivedAt)
    {
        if (MediaClockRepository.ParseTimestamp(form.Timestamp) is not { } milliseconds)
        {
            MediaClockLog.NoTimestamp(logger, form.Name!);
            return Task.CompletedTask;
        }

        return GuardAsync(form, () => clocks.ObserveAsync(form.Name!, PublishSession.OwnerOf(form.Node, form.ClientId ?? ""), arrivedAt, milliseconds));
    }

    private async Task GuardAsync(HookForm form, Func<Task> update)
    {
        try
        {
            await update();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            MediaClockLog.NotUpdated(logger, form.Name!, exception);
        }
    }
}
