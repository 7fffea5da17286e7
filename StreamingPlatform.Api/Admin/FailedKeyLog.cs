namespace StreamingPlatform.Api.Admin;

/// <summary>
/// Logs failed admin key checks at most once a minute per address, with how many failed and how many were refused
/// over the limit since: an attack (thousands a second) is seen in the logs without becoming a flood of log lines.
/// The first failure of an address is logged at once; what comes within the minute is logged when the minute is up.
/// </summary>
public sealed class FailedKeyLog(TimeProvider time, ILogger<FailedKeyLog> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Tally> _tallies = [];

    public void Failed(string address) => Add(address, failed: 1, limited: 0);

    public void Limited(string address) => Add(address, failed: 0, limited: 1);

    /// <summary>Logs the counts whose minute is up and forgets addresses that have been quiet for a minute.</summary>
    public void Flush()
    {
        var due = new List<(string Address, long Failed, long Limited)>();
        lock (_lock)
        {
            var now = time.GetUtcNow();
            foreach (var (address, tally) in _tallies)
            {
                if (tally.TakeIfDue(now) is { } counts)
                {
                    due.Add((address, counts.Failed, counts.Limited));
                }
                else if (tally.IsIdle(now))
                {
                    _tallies.Remove(address);
                }
            }
        }

        foreach (var (address, failed, limited) in due)
        {
            AdminLog.FailedKeys(logger, address, failed, limited);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Flush();
        }
    }

    private void Add(string address, long failed, long limited)
    {
        (long Failed, long Limited)? due;
        lock (_lock)
        {
            if (!_tallies.TryGetValue(address, out var tally))
            {
                _tallies[address] = tally = new Tally();
            }

            tally.Failed += failed;
            tally.Limited += limited;
            due = tally.TakeIfDue(time.GetUtcNow());
        }

        if (due is { } counts)
        {
            AdminLog.FailedKeys(logger, address, counts.Failed, counts.Limited);
        }
    }

    private sealed class Tally
    {
        private DateTimeOffset _lastLogged = DateTimeOffset.MinValue;

        public long Failed { get; set; }

        public long Limited { get; set; }

        public (long Failed, long Limited)? TakeIfDue(DateTimeOffset now)
        {
            if (Failed + Limited == 0 || now - _lastLogged < Period)
            {
                return null;
            }

            var counts = (Failed, Limited);
            (_lastLogged, Failed, Limited) = (now, 0, 0);
            return counts;
        }

        public bool IsIdle(DateTimeOffset now) => Failed + Limited == 0 && now - _lastLogged >= Period;
    }
}
