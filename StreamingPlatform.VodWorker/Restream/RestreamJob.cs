using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.VodWorker.Ladder;
using StreamingPlatform.VodWorker.LiveJobs;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>
/// The copy of one broadcast to one target on this worker (a <see cref="LiveJob"/>): FFmpeg plays the channel from nginx
/// and publishes it unchanged (<c>-c copy</c>) to a loopback listener of this job, which relays it to the target with the
/// stream key put in (<see cref="RtmpKeyInjector"/>): the key is on no command line. A refusal, an unreachable target, a
/// drop or a dead FFmpeg ends the run, and the next starts after a growing delay (up to
/// <see cref="LiveJobOptions.MaxRestartDelaySeconds"/>). It only reads from nginx: the source, HLS, the VOD and the
/// other targets never notice. Its state (<see cref="RestreamTargetState"/>) is in Redis for the Api.
/// </summary>
public sealed class RestreamJob(
    RestreamRequest request,
    RestreamKeySeal seal,
    RestreamStates states,
    RestreamRelayOptions options,
    LadderOptions source,
    Ffmpeg tools,
    TimeProvider time,
    ILogger logger) : LiveJob(request.Broadcast, RestreamTelemetry.Job, options.MaxRestartDelay(), time)
{
    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BytesReportInterval = TimeSpan.FromSeconds(5);
    private readonly RestreamTarget _target = request.Target;
    private readonly string _jobId = request.JobId;
    private static readonly TimeSpan FfmpegExitWait = TimeSpan.FromSeconds(10);
    private long _bytesBefore;
    private string? _state;
    private DateTimeOffset _since;
    private string? _lastError;

    protected override void Tag(Activity activity)
    {
        activity.SetTag("streaming.restream.target.id", _target.Id);
        activity.SetTag("streaming.restream.target.name", _target.Name);
        activity.SetTag("streaming.restream.target.address", RestreamAddress.TryParse(_target.Url, out var address) ? address.TcUrl : "invalid");
    }

    protected override async Task<LiveJobExit> RunOnceAsync(Activity? activity, TimeSpan delayAfterFailure, CancellationToken cancellationToken)
    {
        var (channel, id) = (Broadcast.Channel, Broadcast.BroadcastId);
        if (!RestreamAddress.TryParse(_target.Url, out var address))
        {
            return new($"the stored address is not valid ({RestreamAddress.Rule})");
        }

        if (seal.Open(channel, _target.Id, _target.SealedKey) is not { } key)
        {
            return new($"the stream key cannot be read: it was stored under another {SettingNames.RestreamSecret}; remove the target and add it again");
        }

        await WriteStateAsync(RestreamTargetState.Connecting, 0);
        RestreamLog.Connecting(logger, channel, id, _target.Name, _target.Id, address.TcUrl);
        var keyBytes = Encoding.ASCII.GetBytes(key);
        var placeholder = RestreamPlan.Placeholder(keyBytes.Length);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(1);
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ffmpeg = tools.RunLiveAsync(
            RestreamPlan.FfmpegArguments(source.SourceUrl(channel, Time.GetUtcNow()), address, port, placeholder), _ => { }, run.Token);
        try
        {
            var accept = listener.AcceptSocketAsync(run.Token).AsTask();
            if (await Task.WhenAny(ffmpeg, accept) == ffmpeg)
            {
                return await FfmpegExitAsync(ffmpeg, "before it connected");
            }

            await using var client = new NetworkStream(await accept, ownsSocket: true);
            Stream upstream;
            try
            {
                upstream = await RtmpTargetProxy.ConnectAsync(address.Host, address.Port, address.Tls, run.Token);
            }
            catch (Exception exception) when (exception is SocketException or IOException or AuthenticationException or TimeoutException)
            {
                return new($"cannot reach {address.Host}:{address.Port}: {exception.Message}");
            }

            await using (upstream)
            {
                var injector = new RtmpKeyInjector(Encoding.ASCII.GetBytes(placeholder), keyBytes);
                var proxy = new RtmpTargetProxy(injector, [new("streaming.channel", channel)]);
                var relaying = proxy.RunAsync(client, upstream, run.Token);
                await ReportAsync(injector, proxy, relaying, run.Token);
                if (cancellationToken.IsCancellationRequested)
                {
                    return new("stopped");
                }

                if (await relaying)
                {
                    return new(injector.MediaStarted
                        ? $"{address.Host}:{address.Port} closed the connection"
                        : $"{address.Host}:{address.Port} closed the connection before accepting the stream (wrong stream key, or the target refused it)");
                }
            }

            // FFmpeg closed its connection: it is exiting, and says why.
            client.Close();
            await Task.WhenAny(ffmpeg, Task.Delay(FfmpegExitWait, Time, cancellationToken));
            return ffmpeg.IsCompleted ? await FfmpegExitAsync(ffmpeg, "") : new("ffmpeg closed the connection");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new("stopped");
        }
        finally
        {
            await run.CancelAsync();
            await ((Task)ffmpeg).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>While the relay runs: the state in Redis (live once the target accepted the stream, bytes every few seconds).</summary>
    private async Task ReportAsync(RtmpKeyInjector injector, RtmpTargetProxy proxy, Task relaying, CancellationToken cancellationToken)
    {
        var live = false;
        var reported = Time.GetTimestamp();
        while (!relaying.IsCompleted)
        {
            await Task.WhenAny(relaying, Task.Delay(ReportInterval, Time, cancellationToken));
            if (relaying.IsCompleted || cancellationToken.IsCancellationRequested)
            {
                break;
            }

            if (!live && injector.MediaStarted)
            {
                live = true;
                RestreamLog.Live(logger, Broadcast.Channel, Broadcast.BroadcastId, _target.Name, _target.Id);
                _lastError = null;
                await WriteStateAsync(RestreamTargetState.Live, proxy.BytesSent);
                reported = Time.GetTimestamp();
            }
            else if (Time.GetElapsedTime(reported) >= BytesReportInterval)
            {
                await WriteStateAsync(live ? RestreamTargetState.Live : RestreamTargetState.Connecting, proxy.BytesSent);
                reported = Time.GetTimestamp();
            }
        }

        _bytesBefore += proxy.BytesSent;
    }

    private async Task<LiveJobExit> FfmpegExitAsync(Task<ToolResult> ffmpeg, string when)
    {
        var (exitCode, _, error) = await ffmpeg;
        return new($"ffmpeg exited with {exitCode}{(when.Length > 0 ? " " + when : "")}", source.Redact(error));
    }

    protected override async Task OnRestartingAsync(LiveJobExit exit, TimeSpan delay)
    {
        RestreamLog.Retrying(logger, Broadcast.Channel, Broadcast.BroadcastId, _target.Name, _target.Id, exit.Reason, delay.TotalSeconds);
        var lastLine = exit.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        _lastError = lastLine is null ? exit.Reason : $"{exit.Reason}: {lastLine}";
        await WriteStateAsync(RestreamTargetState.Retrying, 0);
    }

    protected override async Task OnEndingAsync(string outcome)
    {
        RestreamTelemetry.SetState(_jobId, null);
        // A relay that lost its lease leaves the state to the worker that took it over.
        if (outcome != "lease_lost")
        {
            await states.DeleteAsync(_jobId).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    protected override void LogFailed(Exception exception) =>
        RestreamLog.Failed(logger, Broadcast.Channel, Broadcast.BroadcastId, _target.Name, _target.Id, exception);

    protected override void LogStopped(string outcome, int restarts) =>
        RestreamLog.Stopped(logger, Broadcast.Channel, Broadcast.BroadcastId, _target.Name, _target.Id, outcome, restarts);

    /// <summary>
    /// The state with the last error (kept while connecting again, cleared once live) and since when it holds. Redis being
    /// down never stops the relay: the state is only what operators see.
    /// </summary>
    private async Task WriteStateAsync(string state, long bytesThisRun)
    {
        if (state != _state)
        {
            (_state, _since) = (state, Time.GetUtcNow());
        }

        RestreamTelemetry.SetState(_jobId, state);
        await states.WriteAsync(_jobId, new RestreamTargetState(state, _lastError, _since, _bytesBefore + bytesThisRun, Restarts))
            .ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
