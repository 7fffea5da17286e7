using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>Webhook logs (event ids 1301-1399). Receivers appear by host only: a URL's path or query may hold their token.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(1301, LogLevel.Information, "Webhook {WebhookId} registered: {Host}, events {Events}, {State}")]
    public static partial void Registered(ILogger logger, string webhookId, string host, string events, string state);

    [LoggerMessage(1302, LogLevel.Information, "Webhook {WebhookId} removed with the events still waiting for it")]
    public static partial void Removed(ILogger logger, string webhookId);

    [LoggerMessage(1303, LogLevel.Information, "Webhook {WebhookId} switched {State}")]
    public static partial void Switched(ILogger logger, string webhookId, string state);

    [LoggerMessage(1304, LogLevel.Warning, "Webhook registration refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(1305, LogLevel.Information, "Webhook events: {EventType} {EventId} of broadcast {BroadcastId} queued for {Webhooks} webhooks")]
    public static partial void Queued(ILogger logger, string eventType, string eventId, string broadcastId, int webhooks);

    [LoggerMessage(1306, LogLevel.Information, "Webhook {WebhookId}: {EventType} {EventId} delivered to {Host} in {Milliseconds:F0} ms")]
    public static partial void Delivered(ILogger logger, string webhookId, string eventType, string eventId, string host, double milliseconds);

    [LoggerMessage(1307, LogLevel.Warning, "Webhook {WebhookId}: {EventType} {EventId} to {Host} failed (attempt {Attempt}): {Reason}; retried in {RetrySeconds:F0} s")]
    public static partial void Failed(ILogger logger, string webhookId, string eventType, string eventId, string host, long attempt, string reason, double retrySeconds);

    [LoggerMessage(1308, LogLevel.Warning, "Webhook {WebhookId} to {Host} is failing: {Failures} attempts in a row failed; retried every {SlowRetrySeconds} s until one succeeds")]
    public static partial void MarkedFailing(ILogger logger, string webhookId, string host, long failures, int slowRetrySeconds);

    [LoggerMessage(1309, LogLevel.Information, "Webhook {WebhookId} to {Host} delivers again after {Failures} failed attempts")]
    public static partial void Recovered(ILogger logger, string webhookId, string host, long failures);

    [LoggerMessage(1310, LogLevel.Error, "Webhook {WebhookId}: gave up {EventType} {EventId} of broadcast {BroadcastId} to {Host} after {Attempts} attempts ({GiveUpHours} h): {Reason}")]
    public static partial void GaveUp(ILogger logger, string webhookId, string eventType, string eventId, string broadcastId, string host, long attempts, int giveUpHours, string reason);

    [LoggerMessage(1311, LogLevel.Error, "Webhook {WebhookId}: its signing secret cannot be opened (" + SettingNames.WebhooksSecret + " missing, or not the one it was stored with); its events wait")]
    public static partial void SecretUnavailable(ILogger logger, string webhookId);

    [LoggerMessage(1312, LogLevel.Warning, "Webhook delivery pass of {WebhookId} failed; tried again in a second")]
    public static partial void PassFailed(ILogger logger, string webhookId, Exception exception);

    [LoggerMessage(1313, LogLevel.Warning, "VOD {VodId} was finalised but is not in the catalogue (deleted since?): no webhook event")]
    public static partial void VodNotCatalogued(ILogger logger, string vodId);

    [LoggerMessage(1314, LogLevel.Warning, "Webhooks: Redis is unavailable; deliveries resume when it is back")]
    public static partial void RedisUnavailable(ILogger logger, Exception exception);
}
