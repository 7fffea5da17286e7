namespace StreamingPlatform.BroadcastState.Media;

/// <summary>How full the media disk is, against <see cref="MediaDiskOptions"/>'s marks.</summary>
public enum DiskLevel
{
    /// <summary>Above the low-water mark: everything goes.</summary>
    Plenty,

    /// <summary>Below the low-water mark: new publishes are refused, live ones go on.</summary>
    Low,

    /// <summary>Below the critical mark: live publishers are dropped too, before nginx writes into a full disk.</summary>
    Critical,
}
