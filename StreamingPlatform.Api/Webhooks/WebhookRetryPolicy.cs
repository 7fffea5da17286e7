namespace StreamingPlatform.Api.Webhooks;

/// <summary>When a failed delivery is tried again, and when it is given up.</summary>
public static class WebhookRetryPolicy
{
    /// <summary>
    /// The wait before the next attempt of a delivery that failed <paramref name="attempts"/> times: doubling from
    /// <see cref="WebhookOptions.FirstRetry"/> up to <see cref="WebhookOptions.SlowRetry"/>, and always the slow pace for a
    /// webhook marked failing. Null: give it up, the event is older than <see cref="WebhookOptions.GiveUpAfter"/>.
    /// </summary>
    public static TimeSpan? NextDelay(long attempts, long consecutiveFailures, TimeSpan eventAge, WebhookOptions options)
    {
        if (eventAge >= options.GiveUpAfter)
        {
            return null;
        }

        if (IsFailing(consecutiveFailures, options))
        {
            return options.SlowRetry;
        }

        var doubled = options.FirstRetry * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        return doubled < options.SlowRetry ? doubled : options.SlowRetry;
    }

    public static bool IsFailing(long consecutiveFailures, WebhookOptions options) => consecutiveFailures >= options.FailingAfter;
}
