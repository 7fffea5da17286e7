using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>The timing of a kind of live job, read from its section (<c>Ladder:</c>, <c>Realtime:</c>, <c>Restream:</c>).</summary>
public static class LiveJobTiming
{
    public static LiveJobSchedule Schedule(this LiveJobOptions options) =>
        new(TimeSpan.FromSeconds(options.ScanSeconds), TimeSpan.FromSeconds(options.LeaseSeconds));

    public static TimeSpan MaxRestartDelay(this LiveJobOptions options) => TimeSpan.FromSeconds(options.MaxRestartDelaySeconds);
}
