using System.ComponentModel.DataAnnotations;

namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>The timing every kind of live job has, each under its own section (<c>Ladder:</c>, <c>Realtime:</c>, <c>Restream:</c>).</summary>
public abstract class LiveJobOptions
{
    /// <summary>How often the worker looks for the live broadcasts that want the job, and renews its leases.</summary>
    [Range(1, 60)]
    public int ScanSeconds { get; set; } = 2;

    /// <summary>A lease not renewed this long lapses, and another worker takes the job over.</summary>
    [Range(3, 600)]
    public int LeaseSeconds { get; set; } = 10;

    /// <summary>Longest wait between two runs of the job after one ended by itself (1 s, doubled each time).</summary>
    [Range(1, 600)]
    public int MaxRestartDelaySeconds { get; set; } = 30;

    public LiveJobSchedule Schedule => new(TimeSpan.FromSeconds(ScanSeconds), TimeSpan.FromSeconds(LeaseSeconds));

    public TimeSpan MaxRestartDelay => TimeSpan.FromSeconds(MaxRestartDelaySeconds);
}
