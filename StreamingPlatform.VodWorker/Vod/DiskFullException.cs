namespace StreamingPlatform.VodWorker.Vod;

/// <summary>FFmpeg ran out of disk space: the build waits for space and tries again (<see cref="BuildRoom"/>).</summary>
public sealed class DiskFullException(string message) : Exception(message);
