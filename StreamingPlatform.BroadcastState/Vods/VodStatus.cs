namespace StreamingPlatform.BroadcastState.Vods;

/// <summary>The states of a catalogued VOD.</summary>
public static class VodStatus
{
    /// <summary>Built from every recording and verified.</summary>
    public const string Ready = "ready";

    /// <summary>Built and verified from what could be read: a recording was cut short or unreadable (see the reason).</summary>
    public const string Salvaged = "salvaged";

    /// <summary>Could not be built; its recordings are kept in failed/ (see the reason).</summary>
    public const string Failed = "failed";
}
