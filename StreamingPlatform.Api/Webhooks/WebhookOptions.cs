using System.ComponentModel.DataAnnotations;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>Webhooks: the key that encrypts their signing secrets in Redis, which hosts they may reach, and the retry pace.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// The AppHost's generated <c>webhooks-secret</c>: each webhook's signing secret is stored encrypted with a key derived
    /// from it, so Redis alone does not reveal them. Without it webhooks cannot be registered or delivered (the rest runs).
    /// </summary>
    [SecretSetting(SettingNames.WebhooksSecret)]
    public string? Secret { get; set; }

    /// <summary>
    /// Hosts (names or IP addresses, exactly as in the URL) that webhooks may reach although the address guard refuses
    /// them: a receiver on this machine or among the platform's own services.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>The first retry's delay; each further failure of the same delivery doubles it, up to <see cref="SlowRetrySeconds"/>.</summary>
    [Range(1, 3_600)]
    public int FirstRetrySeconds { get; set; } = 5;

    /// <summary>The longest delay between attempts, and the pace of every retry to a webhook marked failing.</summary>
    [Range(1, 86_400)]
    public int SlowRetrySeconds { get; set; } = 900;

    /// <summary>Consecutive failed attempts after which a webhook is marked failing (until its next success).</summary>
    [Range(1, 1_000)]
    public int FailingAfter { get; set; } = 5;

    /// <summary>An event that still could not be delivered this long after it happened is given up (logged and counted).</summary>
    [Range(1, 24 * 30)]
    public int GiveUpAfterHours { get; set; } = 24;

    /// <summary>How long one attempt may take, connection and answer included.</summary>
    [Range(1, 120)]
    public int TimeoutSeconds { get; set; } = 10;

    public TimeSpan FirstRetry => TimeSpan.FromSeconds(FirstRetrySeconds);

    public TimeSpan SlowRetry => TimeSpan.FromSeconds(SlowRetrySeconds);

    public TimeSpan GiveUpAfter => TimeSpan.FromHours(GiveUpAfterHours);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);
}
