namespace StreamingPlatform.VodWorker.Vod;

/// <summary>What a reconcile does with a broadcast's VOD, decided before any recording is read (<see cref="VodPlan.Decide"/>).</summary>
public enum VodDecision
{
    /// <summary>The catalogued VOD was built from exactly these recordings.</summary>
    Unchanged,

    /// <summary>The broadcast has recordings the catalogued VOD does not hold (or there is no VOD yet).</summary>
    Build,

    /// <summary>The broadcast has no recordings (all were empty, or none was registered).</summary>
    NothingToBuild,

    /// <summary>An admin deleted the broadcast's VOD: a late or redelivered job does not bring it back.</summary>
    Deleted,
}

/// <summary>What a build does once every recording was probed (<see cref="VodPlan.AfterProbe"/>).</summary>
public enum BuildStep
{
    /// <summary>Every recording was empty: no VOD is listed.</summary>
    NothingRecorded,

    /// <summary>No recording can be read: the VOD is failed and the recordings are kept in failed/.</summary>
    Fail,

    /// <summary>Remux the readable recordings into the MP4.</summary>
    Remux,
}

/// <summary>Whether a broadcast can still continue (<see cref="VodPlan.End"/>).</summary>
public enum BroadcastEnd
{
    /// <summary>It may continue (live, in its reconnect grace window, or its BroadcastEnded not yet here): recordings stay.</summary>
    Open,

    /// <summary>Its BroadcastEnded arrived.</summary>
    Ended,

    /// <summary>A recording no session claimed: nothing can continue it.</summary>
    Orphan,
}

/// <summary>The status and the reason of a VOD that verified (<see cref="VodPlan.Verdict"/>).</summary>
public sealed record VodVerdict(string Status, string? Reason);

/// <summary>
/// What the catalogue holds of a broadcast's last build: its status and the recordings it was built from, or that its
/// VOD was deleted.
/// </summary>
public sealed record CataloguedBuild(string Status, IReadOnlyList<string> Sources, bool Deleted = false)
{
    public static readonly CataloguedBuild WasDeleted = new("", [], Deleted: true);
}

/// <summary>How the plan's results read on spans and in logs.</summary>
public static class VodPlanExtensions
{
    public static bool IsOver(this BroadcastEnd end) => end != BroadcastEnd.Open;

    /// <summary>The value for spans and logs: unchanged, build or nothing; open, ended or orphan.</summary>
    public static string TagValue(this VodDecision decision) => decision switch
    {
        VodDecision.Unchanged => "unchanged",
        VodDecision.Build => "build",
        VodDecision.Deleted => "deleted",
        _ => "nothing",
    };

    public static string TagValue(this BroadcastEnd end) => end switch
    {
        BroadcastEnd.Ended => "ended",
        BroadcastEnd.Orphan => "orphan",
        _ => "open",
    };
}
