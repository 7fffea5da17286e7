namespace StreamingPlatform.Contracts;

/// <summary>
/// Every Redis key of the quality ladder (issue 13), in one place until the shared state library (issue 11) owns them.
/// The Api writes <see cref="Broadcasts"/>; the VodWorker's transcoder owns <see cref="Lease"/> and <see cref="State"/>,
/// which the Api only reads.
/// </summary>
public static class LadderKeys
{
    /// <summary>Hash channel → id of its broadcast that wants a ladder, written by the publish hook (the channel's setting then).</summary>
    public const string Broadcasts = "ladder:broadcasts";

    /// <summary>Which worker transcodes the broadcast: SET NX PX, renewed and released by its owner only.</summary>
    public static string Lease(string broadcastId) => $"ladder:lease:{broadcastId}";

    /// <summary>The renditions being made for the channel now (<see cref="LadderState"/> as JSON), with a short expiry renewed while FFmpeg makes progress.</summary>
    public static string State(string channel) => $"ladder:state:{channel}";
}
