namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// Feeds heartbeats to the <see cref="MediaClockRepository"/> (the publish script starts the clock). The clock only serves
/// the viewers' delay display, so a failure here is logged and never changes a hook's answer (which could cut the stream).
/// </summary>
public sealed class MediaClockRecorder(MediaClockRepository clocks, ILogger<MediaClockRecorder> logger)
{
    /// <param name="channel">The live channel.</param>
    /// <param name="owner">The publisher's connection (<c>PublishSession.OwnerOf</c>).</param>
    /// <param name="timestamp">The heartbeat's <c>timestamp</c> field: the RTMP timestamp of the last frame nginx received.</param>
    /// <param name="arrivedAt">When the heartbeat arrived.</param>
    public async Task HeartbeatAsync(string channel, string owner, string? timestamp, DateTimeOffset arrivedAt)
    {
        if (MediaClockRepository.ParseTimestamp(timestamp) is not { } milliseconds)
        {
            SessionLog.NoTimestamp(logger, channel);
            return;
        }

        try
        {
            await clocks.ObserveAsync(channel, owner, arrivedAt, milliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            SessionLog.ClockNotUpdated(logger, channel, exception);
        }
    }
}
