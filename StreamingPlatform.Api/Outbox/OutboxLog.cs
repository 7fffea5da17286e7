namespace StreamingPlatform.Api.Outbox;

internal static partial class OutboxLog
{
    [LoggerMessage(201, LogLevel.Information, "Outbox: published {Member}")]
    public static partial void Published(ILogger logger, string member);

    [LoggerMessage(202, LogLevel.Warning, "Outbox: could not publish {Member} (RabbitMQ unavailable?); kept in Redis, retrying in {RetrySeconds} s")]
    public static partial void PublishFailed(ILogger logger, string member, double retrySeconds, Exception exception);

    [LoggerMessage(203, LogLevel.Error, "Outbox: dropped {Member}, a message type this version does not know")]
    public static partial void UnknownMessage(ILogger logger, string member);

    [LoggerMessage(204, LogLevel.Warning, "Outbox: Redis is unavailable; relaying resumes when it is back")]
    public static partial void RedisUnavailable(ILogger logger, Exception exception);
}
