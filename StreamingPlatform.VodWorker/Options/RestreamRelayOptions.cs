using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.BroadcastState.Settings;
using StreamingPlatform.VodWorker.LiveJobs;

namespace StreamingPlatform.VodWorker.Options;

/// <summary>
/// The worker's restream relays: their timing, under <c>Restream:</c> beside the secret both services read
/// (<see cref="RestreamOptions"/>).
/// </summary>
public sealed class RestreamRelayOptions : LiveJobOptions
{
    public const string Section = RestreamOptions.Section;
}
