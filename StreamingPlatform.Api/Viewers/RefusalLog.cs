namespace StreamingPlatform.Api.Viewers;

/// <summary>
/// Logs refused presence reports at most once a minute per Api, with how many were refused since: a flood of made-up
/// ids (thousands a second) must be seen in the logs without becoming a flood of log lines.
/// </summary>
public sealed class RefusalLog(TimeProvider time, ILogger<RefusalLog> logger)
{
    private static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private readonly Lock _lock = new();
    private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;
    private long _refused;

    public void Refused(string channel, PresenceOutcome outcome, string address)
    {
        long refused;
        lock (_lock)
        {
            _refused++;
            var now = time.GetUtcNow();
            if (now - _lastLogged < Period)
            {
                return;
            }

            _lastLogged = now;
            refused = _refused;
            _refused = 0;
        }

        var reason = outcome == PresenceOutcome.AddressCapReached ? "the address brought the most ids it may" : "the channel counts the most viewers it may";
        ViewerLog.Refused(logger, channel, reason, refused, address);
    }
}
