using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Admin;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Sessions;

namespace StreamingPlatform.Api.GoLive;

/// <summary>
/// One browser broadcast over a WebSocket: the page's first message is the stream key (checked here, and failures count
/// against the address like wrong admin keys); then every binary message is MediaRecorder output, piped to an FFmpeg that
/// publishes to nginx with a <see cref="PublishGrant"/>. From there it is an ordinary broadcast: the publish hook decides
/// (a second publisher is refused, a reconnect within the grace window continues the broadcast), nginx makes HLS and the
/// recording, the worker the VOD. The page hears <c>accepted</c>, <c>live</c>, or <c>refused</c>/<c>ended</c> with a
/// reason; closing the page or the socket ends the publish as an RTMP app's disconnect does.
/// </summary>
public sealed class BrowserBroadcaster(
    ChannelRepository channels,
    SessionRepository sessions,
    GrantStore grants,
    AdminKeyLimiter limiter,
    FailedKeyLog failedKeys,
    IOptions<GoLiveOptions> options,
    IOptions<HookOptions> hookOptions,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<BrowserBroadcaster> logger)
{
    private const int MaxKeyMessage = 1024;
    private const string FfmpegStopped = "FFmpeg stopped reading";
    private static readonly TimeSpan OutcomePoll = TimeSpan.FromMilliseconds(200);

    /// <summary>How long the page has to answer the server's close before the connection is cut.</summary>
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(5);

    /// <summary>How long the page's first media may take to become a publish nginx answered (probe, connect, hook).</summary>
    private static readonly TimeSpan PublishWait = TimeSpan.FromSeconds(30);

    private int _active;

    /// <summary>Whether another broadcast may start here now (<see cref="GoLiveOptions.MaxBroadcasts"/>).</summary>
    public bool HasRoom => Volatile.Read(ref _active) < options.Value.MaxBroadcasts;

    public async Task RunAsync(WebSocket socket, string channel, string address, CancellationToken cancellationToken)
    {
        var key = await ReceiveKeyAsync(socket, cancellationToken);
        var (refusal, stored) = await CheckAsync(channel, key, address);
        if (refusal is not null)
        {
            GoLiveLog.Refused(logger, channel, address, refusal.Reason);
            ApiTelemetry.CountBrowserFailure(refusal.Reason);
            await SendAsync(socket, refusal, cancellationToken);
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, refusal.Reason);
            await DrainAsync(socket);
            return;
        }

        Interlocked.Increment(ref _active);
        ApiTelemetry.CountBrowserBroadcast(1);
        try
        {
            await BroadcastAsync(socket, channel, stored!, address, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _active);
            ApiTelemetry.CountBrowserBroadcast(-1);
        }
    }

    private async Task BroadcastAsync(WebSocket socket, string channel, StreamKeyHash stored, string address, CancellationToken cancellationToken)
    {
        // A reconnect continues the broadcast, and so its trace; the publish hook's span then sits under this one.
        var continued = await sessions.GetOpenAsync(channel) ?? await sessions.GetResumableAsync(channel);
        using var activity = HookSpan.StartBrowserSession(continued?.TraceParent);
        activity?.SetTag("streaming.channel", channel);
        GoLiveLog.Starting(logger, channel, address);

        var (grant, grantId) = PublishGrant.Create(hookOptions.Value.Secret, channel, stored, time.GetUtcNow());
        var started = time.GetTimestamp();
        var bytes = 0L;
        await using var ffmpeg = GoLiveFfmpeg.Start(GoLivePlan.FfmpegArguments(options.Value, options.Value.PublishUrl(channel, grant, activity?.Id)));
        using var sends = new SemaphoreSlim(1);
        // The page's end stops the watch; the watch's end (refused, FFmpeg gone) and the Api stopping stop the pump: the
        // page then reconnects (to another replica, or this one restarted) and the broadcast continues.
        using var pageEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchEnded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await SendAsync(socket, Message.Accepted, cancellationToken, sends);

        var watch = WatchAsync(socket, channel, grantId, ffmpeg, sends, activity, pageEnded.Token, watchEnded);
        var end = "page closed";
        var buffer = new byte[64 * 1024];
        try
        {
            while (!ffmpeg.Exited.IsCompleted)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), watchEnded.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                if (received.MessageType == WebSocketMessageType.Text)
                {
                    end = "stopped on the page";
                    break;
                }

                await ffmpeg.Input.WriteAsync(buffer.AsMemory(0, received.Count), watchEnded.Token);
                bytes += received.Count;
                ApiTelemetry.BrowserBytes.Add(received.Count);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or OperationCanceledException)
        {
            end = exception is IOException ? FfmpegStopped
                : lifetime.ApplicationStopping.IsCancellationRequested ? "the server is stopping"
                : "connection lost";
        }

        // When FFmpeg went first (nginx refused the publish or dropped it), the watch still reads why and tells the page.
        if (!ffmpeg.Exited.IsCompleted && end != FfmpegStopped)
        {
            await pageEnded.CancelAsync();
        }

        var outcome = await watch;
        await ffmpeg.FinishAsync();
        end = outcome ?? end;

        var seconds = time.GetElapsedTime(started).TotalSeconds;
        activity?.SetTag("streaming.golive.bytes", bytes);
        activity?.SetTag("streaming.golive.end", end);
        GoLiveLog.Ended(logger, channel, bytes, seconds, end);
        if (socket.State == WebSocketState.Open)
        {
            await SendAsync(socket, new Message("ended", "ended", $"The broadcast ended: {end}."), CancellationToken.None, sends);
            await CloseAsync(socket, WebSocketCloseStatus.NormalClosure, "ended");
        }

        await DrainAsync(socket);
    }

    /// <summary>
    /// Tells the page when the publish hook accepted or refused the grant, and ends the session if FFmpeg stops on its own
    /// (nginx dropped it: key rotated, disk full; or it failed). Returns why the broadcast ended when that was not the page.
    /// </summary>
    private async Task<string?> WatchAsync(
        WebSocket socket, string channel, string grantId, GoLiveFfmpeg ffmpeg, SemaphoreSlim sends, Activity? activity, CancellationToken stop,
        CancellationTokenSource watchEnded)
    {
        try
        {
            var reason = await WatchUntilEndAsync(socket, channel, grantId, ffmpeg, sends, activity, stop);
            // Cancelling a pending receive aborts the socket, and a connection closed with the page's media still unread is
            // reset, losing what was just sent: the pump gets the time to read the page's answer to the close first.
            watchEnded.CancelAfter(CloseWait);
            return reason;
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException)
        {
            return null;
        }
    }

    private async Task<string> WatchUntilEndAsync(
        WebSocket socket, string channel, string grantId, GoLiveFfmpeg ffmpeg, SemaphoreSlim sends, Activity? activity, CancellationToken stop)
    {
        string? outcome = null;
        var deadline = time.GetUtcNow() + PublishWait;
        while (outcome is null && !ffmpeg.Exited.IsCompleted && time.GetUtcNow() < deadline)
        {
            await Task.WhenAny(ffmpeg.Exited, Task.Delay(OutcomePoll, time, stop));
            stop.ThrowIfCancellationRequested();
            outcome = await grants.OutcomeAsync(grantId);
        }

        outcome ??= await grants.OutcomeAsync(grantId);
        activity?.SetTag("streaming.publish.outcome", outcome ?? "none");
        if (outcome != PublishOutcome.Accepted.TagValue())
        {
            var refusal = Message.PublishRefused(outcome);
            ApiTelemetry.CountBrowserFailure(refusal.Reason);
            activity?.SetStatus(ActivityStatusCode.Error, refusal.Reason);
            GoLiveLog.Refused(logger, channel, "nginx", refusal.Reason);
            if (ffmpeg.Exited.IsCompleted)
            {
                GoLiveLog.FfmpegFailed(logger, channel, await ffmpeg.Exited, ffmpeg.Output());
            }

            await SendAsync(socket, refusal, stop, sends);
            await CloseAsync(socket, WebSocketCloseStatus.PolicyViolation, refusal.Reason);
            return refusal.Reason;
        }

        var session = await sessions.GetAsync(channel);
        activity?.SetTag("streaming.session.id", session?.Id);
        GoLiveLog.Live(logger, channel, session?.Id);
        await SendAsync(socket, new Message("live", "live", session?.Id ?? ""), stop, sends);

        var exitCode = await ffmpeg.Exited.WaitAsync(stop);
        ApiTelemetry.CountBrowserFailure("publish_ended");
        activity?.SetStatus(ActivityStatusCode.Error, "publish ended");
        GoLiveLog.FfmpegFailed(logger, channel, exitCode, ffmpeg.Output());
        var ended = new Message("ended", "publish_ended", "The media server ended the broadcast (the key changed, the disk is full, or the encoder failed).");
        await SendAsync(socket, ended, stop, sends);
        await CloseAsync(socket, WebSocketCloseStatus.InternalServerError, ended.Reason);
        return ended.Reason;
    }

    /// <summary>Why the page may not go live (null: it may), and the channel's key hash the grant is made under.</summary>
    private async Task<(Message? Refusal, StreamKeyHash? Stored)> CheckAsync(string channel, string? key, string address)
    {
        if (string.IsNullOrEmpty(key))
        {
            return (new Message("refused", "missing_key", "Send the channel's stream key as the first message: {\"key\":\"...\"}."), null);
        }

        var (allowed, retryAfter) = limiter.MayTry(address);
        if (!allowed)
        {
            failedKeys.Limited(address);
            return (new Message("refused", "rate_limited",
                $"Too many wrong keys from this address; try again in {Math.Ceiling((retryAfter ?? TimeSpan.FromMinutes(1)).TotalSeconds)} s."), null);
        }

        var stored = await channels.GetKeyHashAsync(channel);
        if (stored is null || !StreamKey.Verify(key, stored))
        {
            limiter.CountFailure(address);
            failedKeys.Failed(address);
            return (stored is null
                ? new Message("refused", "unknown_channel", $"There is no channel '{channel}'.")
                : new Message("refused", "wrong_key", "Wrong stream key: it does not match this channel's current key."), null);
        }

        return (HasRoom ? null : new Message("refused", "busy", "This server runs as many browser broadcasts as it may; try again later."), stored);
    }

    /// <summary>The page's first message, <c>{"key":"..."}</c>, within <see cref="GoLiveOptions.KeyWaitSeconds"/>; null otherwise.</summary>
    private async Task<string?> ReceiveKeyAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(options.Value.KeyWaitSeconds));
        var buffer = new byte[MaxKeyMessage];
        var length = 0;
        try
        {
            while (length < buffer.Length)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(length), wait.Token);
                if (received.MessageType != WebSocketMessageType.Text)
                {
                    return null;
                }

                length += received.Count;
                if (received.EndOfMessage)
                {
                    using var hello = JsonDocument.Parse(buffer.AsMemory(0, length));
                    return hello.RootElement.TryGetProperty("key", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or JsonException)
        {
        }

        return null;
    }

    private static async Task SendAsync(WebSocket socket, Message message, CancellationToken cancellationToken, SemaphoreSlim? sends = null)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, JsonSerializerOptions.Web);
        if (sends is not null)
        {
            await sends.WaitAsync(cancellationToken);
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(bytes.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            }
        }
        catch (WebSocketException)
        {
            // The page is gone; the broadcast ends with the socket.
        }
        finally
        {
            sends?.Release();
        }
    }

    /// <summary>Reads until the page answers the close (or briefly), so it receives the refusal before the connection goes.</summary>
    private static async Task DrainAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(CloseWait);
        var buffer = new byte[4096];
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.CloseOutputAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
        }
    }

    /// <summary>What the page hears: <see cref="Type"/> accepted, live, refused or ended; <see cref="Reason"/> a stable word.</summary>
    public sealed record Message(string Type, string Reason, string Detail)
    {
        public static readonly Message Accepted = new("accepted", "accepted", "Key accepted: send the camera.");

        public static Message PublishRefused(string? outcome) => outcome switch
        {
            "duplicate" => new("refused", "duplicate", "Already live: another publisher is live on this channel."),
            "disk_low" or "disk_critical" => new("refused", outcome, "The server's media disk is full; publishing is refused until space is freed."),
            "store_unavailable" => new("refused", outcome, "The server cannot record sessions right now (Redis unreachable); try again shortly."),
            "wrong_key" or "unknown_channel" or "invalid_grant" => new("refused", outcome, "The channel's key changed while connecting; enter the new key."),
            null => new("refused", "publish_failed", "The broadcast did not start: no camera data arrived, or the media server could not be reached."),
            _ => new("refused", outcome, $"The media server refused the broadcast: {outcome}."),
        };
    }
}
