namespace StreamingPlatform.Contracts;

/// <summary>
/// The VodWorker's queues. The consumers' definitions name their endpoints with these, and the deployment's scale rules
/// (<c>StreamingPlatform.AppHost/infra/vod-worker.tmpl.yaml</c>) watch the same names; a test checks that they agree.
/// </summary>
public static class QueueNames
{
    public const string RecordingCompleted = "recording-completed";

    public const string BroadcastEnded = "broadcast-ended";

    public static IReadOnlyList<string> All { get; } = [RecordingCompleted, BroadcastEnded];

    /// <summary>The Api's own queue (not the worker's): finished VODs, for the webhooks.</summary>
    public const string VodFinalised = "api-vod-finalised";
}
