using System.Diagnostics;
using StreamingPlatform.VodWorker.Live;
using StreamingPlatform.VodWorker.Telemetry;

namespace StreamingPlatform.VodWorker.LiveJobs;

/// <summary>
/// One live job of one broadcast on this worker (a ladder, a relay, a restream target), from taking its lease until the
/// broadcast ends (or the lease is lost, or the worker stops): runs <see cref="RunOnceAsync"/> and, when it returns,
/// runs it again after a growing delay (1 s, doubled up to <paramref name="maxRestartDelay"/>, back to 1 s after a minute
/// of good running). One span for the whole job, in the broadcast's trace, with its outcome (ended, lease_lost, shutdown,
/// failed) and its restarts.
/// </summary>
public abstract class LiveJob(LiveBroadcast broadcast, LiveJobMetrics metrics, TimeSpan maxRestartDelay, TimeProvider time)
{
    protected static readonly TimeSpan GoodRun = TimeSpan.FromMinutes(1);
    private readonly CancellationTokenSource _stop = new();
    private string _outcome = "failed";
    private int _restarts;

    public LiveBroadcast Broadcast => broadcast;

    protected TimeProvider Time => time;

    /// <summary>How many times a run ended by itself and was started again.</summary>
    protected int Restarts => _restarts;

    public Task? Running { get; private set; }

    public void Start(CancellationToken shutdown) => Running = Task.Run(() => RunAsync(shutdown), CancellationToken.None);

    /// <summary>Stops the job and waits for it to end; <paramref name="outcome"/> is what its span and log say.</summary>
    public async Task StopAsync(string outcome)
    {
        _outcome = outcome;
        await _stop.CancelAsync();
        if (Running is { } running)
        {
            await running;
        }
    }

    /// <summary>One run, until it ends by itself (why returned) or is cancelled; <paramref name="delayAfterFailure"/> is the wait before the next.</summary>
    protected abstract Task<LiveJobExit> RunOnceAsync(Activity? activity, TimeSpan delayAfterFailure, CancellationToken cancellationToken);

    /// <summary>A run ended by itself; the next starts after <paramref name="delay"/>.</summary>
    protected virtual Task OnRestartingAsync(LiveJobExit exit, TimeSpan delay) => Task.CompletedTask;

    /// <summary>The job ends with <paramref name="outcome"/>: clean up what it left (before its span and metrics close).</summary>
    protected virtual Task OnEndingAsync(string outcome) => Task.CompletedTask;

    protected virtual void Tag(Activity activity)
    {
    }

    protected abstract void LogFailed(Exception exception);

    protected abstract void LogStopped(string outcome, int restarts);

    private async Task RunAsync(CancellationToken shutdown)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, shutdown);
        var cancellationToken = linked.Token;
        ActivityContext.TryParse(broadcast.TraceParent, null, out var parent);
        using var activity = WorkerTelemetry.Source.StartActivity(metrics.SpanName, ActivityKind.Internal, parent);
        activity?.SetTag("streaming.channel", broadcast.Channel);
        activity?.SetTag("streaming.session.id", broadcast.BroadcastId);
        if (activity is not null)
        {
            Tag(activity);
        }

        metrics.Running.Add(1);
        var delay = TimeSpan.FromSeconds(1);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var startedAt = time.GetTimestamp();
                var exit = await RunOnceAsync(activity, delay, cancellationToken);
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                delay = time.GetElapsedTime(startedAt) > GoodRun ? TimeSpan.FromSeconds(1) : delay;
                _restarts++;
                metrics.Restarts.Add(1);
                activity?.AddEvent(new ActivityEvent(metrics.RestartEvent, tags: new ActivityTagsCollection { ["reason"] = exit.Reason }));
                await OnRestartingAsync(exit, delay);
                await Task.Delay(delay, time, cancellationToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, maxRestartDelay.TotalSeconds));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // Not expected (FFmpeg missing, Redis gone for good): the supervisor starts the job again next round.
            _outcome = "failed";
            activity?.AddException(exception);
            LogFailed(exception);
        }
        finally
        {
            if (shutdown.IsCancellationRequested && !_stop.IsCancellationRequested)
            {
                _outcome = "shutdown";
            }

            await OnEndingAsync(_outcome);
            activity?.SetTag($"{metrics.AttributePrefix}.outcome", _outcome);
            activity?.SetTag($"{metrics.AttributePrefix}.restarts", _restarts);
            if (_outcome == "failed")
            {
                activity?.SetStatus(ActivityStatusCode.Error, metrics.FailedStatus);
            }

            metrics.Running.Add(-1);
            metrics.CountEnded(_outcome);
            LogStopped(_outcome, _restarts);
        }
    }
}
