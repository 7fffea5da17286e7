namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// One build per broadcast at a time, across workers: a Redis lock with a lease, renewed while the build runs. A
/// worker that dies stops renewing, and the redelivered message gets the lock once the lease lapses.
/// </summary>
public sealed class BuildLock : IAsyncDisposable
{
    private readonly BroadcastStore _store;
    private readonly string _sessionId;
    private readonly string _owner = Guid.NewGuid().ToString("N");
    private readonly TimeSpan _lease;
    private readonly CancellationTokenSource _renewal = new();
    private Task _renewing = Task.CompletedTask;

    private BuildLock(BroadcastStore store, string sessionId, TimeSpan lease)
    {
        _store = store;
        _sessionId = sessionId;
        _lease = lease;
    }

    public static async Task<BuildLock> AcquireAsync(BroadcastStore store, string sessionId, TimeSpan lease, Action onWait, CancellationToken cancellationToken)
    {
        var buildLock = new BuildLock(store, sessionId, lease);
        var waited = false;
        while (!await store.TryLockAsync(sessionId, buildLock._owner, lease))
        {
            if (!waited)
            {
                onWait();
                waited = true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        buildLock._renewing = buildLock.RenewAsync();
        return buildLock;
    }

    private async Task RenewAsync()
    {
        using var timer = new PeriodicTimer(_lease / 3);
        try
        {
            while (await timer.WaitForNextTickAsync(_renewal.Token))
            {
                try
                {
                    await _store.RenewLockAsync(_sessionId, _owner, _lease);
                }
                catch (Exception exception) when (RedisFailure.IsUnavailable(exception))
                {
                    // Renewed at the next tick; the lease is three ticks long.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _renewal.CancelAsync();
        await _renewing;
        _renewal.Dispose();
        await _store.ReleaseLockAsync(_sessionId, _owner);
    }
}
