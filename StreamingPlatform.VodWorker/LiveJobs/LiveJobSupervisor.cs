namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>How often a supervisor looks for wanted jobs and renews its leases, and how long a lease lasts unrenewed.</summary>
public sealed record LiveJobSchedule(TimeSpan Interval, TimeSpan Lease);

/// <summary>
/// Every round: starts a <see cref="LiveJob"/> for each wanted job whose lease this worker wins, renews the leases it
/// holds, and stops the jobs no longer wanted (broadcast ended, or between a dropped connection and its resume, or the
/// job switched off) or whose lease it lost. A job that ended by itself (failed) is released and started afresh if still
/// wanted. <typeparamref name="TWanted"/> is what a job needs to start; <see cref="JobId"/> names its lease.
/// </summary>
public abstract class LiveJobSupervisor<TWanted>(LiveJobLease leases, TimeProvider time, ILogger logger) : BackgroundService
{
    private readonly Dictionary<string, LiveJob> _running = [];
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected TimeProvider Time => time;

    protected ILogger Logger => logger;

    /// <summary>Null when the job is off here (the reason logged); otherwise its rounds and lease.</summary>
    protected abstract LiveJobSchedule? Configure();

    protected abstract Task<IReadOnlyList<TWanted>> ReadWantedAsync();

    protected abstract string JobId(TWanted wanted);

    protected abstract LiveJob CreateJob(TWanted wanted);

    /// <summary>Called (at debug level only) for a wanted job another worker holds.</summary>
    protected abstract void LogHeldElsewhere(TWanted wanted, string owner);

    protected abstract void LogRoundFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (Configure() is not { } schedule)
        {
            return;
        }

        try
        {
            do
            {
                try
                {
                    await RoundAsync(schedule.Lease, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogRoundFailed(exception);
                }
            }
            while (await time.WaitForNextRoundAsync(schedule.Interval, stoppingToken));
        }
        finally
        {
            foreach (var (id, job) in _running)
            {
                await job.StopAsync("shutdown");
                await leases.ReleaseAsync(id, _owner).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RoundAsync(TimeSpan lease, CancellationToken stoppingToken)
    {
        var wanted = (await ReadWantedAsync()).ToDictionary(JobId);

        foreach (var (id, job) in _running.ToList())
        {
            if (job.Running is { IsCompleted: true })
            {
                // Failed in a way it could not recover from: released, and started afresh below if still wanted.
                _running.Remove(id);
                await leases.ReleaseAsync(id, _owner);
            }
            else if (!wanted.ContainsKey(id))
            {
                _running.Remove(id);
                await job.StopAsync("ended");
                await leases.ReleaseAsync(id, _owner);
            }
            else if (!await leases.RenewAsync(id, _owner, lease))
            {
                _running.Remove(id);
                await job.StopAsync("lease_lost");
            }
        }

        foreach (var (id, item) in wanted.Where(w => !_running.ContainsKey(w.Key)))
        {
            if (!await leases.TryAcquireAsync(id, _owner, lease))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    LogHeldElsewhere(item, await leases.OwnerAsync(id) ?? "nobody");
                }

                continue;
            }

            var job = CreateJob(item);
            _running[id] = job;
            job.Start(stoppingToken);
        }
    }
}
