using System.Globalization;

namespace StreamingPlatform.BroadcastState.Media;

/// <summary>The free space of the file system holding <see cref="Folder"/>, and its level against the marks.</summary>
public sealed record DiskReading(string Folder, long FreeBytes, long TotalBytes, long LowBytes, long CriticalBytes)
{
    public DiskLevel Level => FreeBytes < CriticalBytes ? DiskLevel.Critical : FreeBytes < LowBytes ? DiskLevel.Low : DiskLevel.Plenty;

    /// <summary>The reason given to operators (logs, /health, refusals): never a secret, only sizes and the folder.</summary>
    public string Describe() => Level switch
    {
        DiskLevel.Critical => Format($"{Mb(FreeBytes)} MB free of {Mb(TotalBytes)} MB on {Folder}, below the critical mark of {Mb(CriticalBytes)} MB: live publishers are dropped and new publishes refused"),
        DiskLevel.Low => Format($"{Mb(FreeBytes)} MB free of {Mb(TotalBytes)} MB on {Folder}, below the low-water mark of {Mb(LowBytes)} MB: new publishes are refused"),
        _ => Format($"{Mb(FreeBytes)} MB free of {Mb(TotalBytes)} MB on {Folder}"),
    };

    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F1", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
