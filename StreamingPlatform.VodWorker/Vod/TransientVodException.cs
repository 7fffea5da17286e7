namespace StreamingPlatform.VodWorker.Vod;

/// <summary>A failure worth retrying (FFmpeg crashed or ran out of memory), unlike a recording FFmpeg cannot read.</summary>
public sealed class TransientVodException(string message) : Exception(message);
