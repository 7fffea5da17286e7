namespace StreamingPlatform.Api.Admin;

/// <summary>Failed admin key checks, by address and count only: a tried key is never logged.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(801, LogLevel.Warning,
        "Admin key checks failed from {Address}: {Failed} wrong or missing keys and {Limited} requests refused over the limit since this address was last logged")]
    public static partial void FailedKeys(ILogger logger, string address, long failed, long limited);
}
