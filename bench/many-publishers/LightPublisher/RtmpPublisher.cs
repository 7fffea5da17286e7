using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace LightPublisher;

/// <summary>
/// One stream: a plain RTMP handshake, connect, createStream and publish of `name?key=...`, then the clip's tags
/// whenever the pacer calls <see cref="Pump"/>, looping the clip with its timestamps going on, until the broadcast's
/// length; then FCUnpublish, deleteStream and a close, as FFmpeg ends a publish. It reads everything the server sends, and ends early when the server
/// closes the connection or answers an error.
/// </summary>
sealed class RtmpPublisher(string name, string key, Target target, FlvClip clip) : IAsyncDisposable
{
    const int ChunkSize = 4096; // the template's chunk_size, which FFmpeg's publisher adopts: nginx reads the same chunks
    static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);

    readonly TcpClient client = new() { NoDelay = true };
    readonly RtmpMessageWriter writer = new(ChunkSize);
    readonly ConcurrentQueue<byte[]> pingResponses = new();
    readonly TaskCompletionSource<string?> ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    NetworkStream? stream;
    RtmpMessageReader? reader;
    Task sending = Task.CompletedTask;
    uint streamId;
    long publishedAt;
    int next;
    uint loopOffset;
    bool headersSent, deleted;
    volatile string? stoppedBy;

    public string Name => name;

    /// <summary>Null when the broadcast ran its whole length, else why it ended early.</summary>
    public Task<string?> Ended => ended.Task;

    public double Seconds => publishedAt == 0 ? 0 : Stopwatch.GetElapsedTime(publishedAt).TotalSeconds;

    /// <summary>Null once nginx said NetStream.Publish.Start, else why the publish was refused.</summary>
    public async Task<string?> PublishAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SetupTimeout);
        try
        {
            await client.ConnectAsync(target.Host, target.Port, timeout.Token);
            stream = client.GetStream();
            reader = new RtmpMessageReader(stream);
            await HandshakeAsync(stream, timeout.Token);
            writer.WriteSetChunkSize();
            writer.WriteCommand(0, "connect", 1.0, new Dictionary<string, object?>
            {
                ["app"] = target.App, ["type"] = "nonprivate", ["flashVer"] = "FMLE/3.0 (compatible; LightPublisher)",
                ["tcUrl"] = $"rtmp://{target.Host}:{target.Port}/{target.App}",
            });
            await FlushAsync(timeout.Token);
            if (await AwaitResultAsync(1, timeout.Token) is { } connectRefused)
                return connectRefused;
            writer.WriteCommand(0, "createStream", 2.0, null);
            await FlushAsync(timeout.Token);
            if (await AwaitResultAsync(2, timeout.Token) is { } createRefused)
                return createRefused;
            writer.WriteCommand(streamId, "publish", 0.0, null, $"{name}?key={key}", "live");
            await FlushAsync(timeout.Token);
            return await AwaitPublishStartAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer to the publish within {SetupTimeout.TotalSeconds} s";
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            return $"connection error before publishing: {e.Message}";
        }
    }

    /// <summary>
    /// Sends every tag due by now in one write, unless the last write is still under way (then they go with the next
    /// call). Called from the one pacing loop; never blocks.
    /// </summary>
    public void Pump()
    {
        if (ended.Task.IsCompleted)
            return;
        if (!sending.IsCompleted)
            return;
        if (sending.Exception is { } failed)
        {
            ended.TrySetResult($"send failed after {Seconds:F1} s: {failed.GetBaseException().Message}");
            return;
        }
        if (deleted)
        {
            ended.TrySetResult(null); // the whole broadcast is out, whatever nginx does with the connection now
            return;
        }
        if (stoppedBy is { } reason)
        {
            ended.TrySetResult(reason);
            return;
        }
        writer.Clear();
        while (pingResponses.TryDequeue(out var pong))
            writer.Write(RtmpMessageWriter.ControlChunkStream, 4, 0, 0, pong);
        AppendDue((long)(Seconds * 1000));
        if (writer.Written.Length > 0)
            sending = stream!.WriteAsync(writer.Written).AsTask();
    }

    void AppendDue(long elapsedMilliseconds)
    {
        if (!headersSent)
        {
            foreach (var tag in clip.Headers)
                writer.Write(RtmpMessageWriter.MediaChunkStream, tag.Type, 0, streamId, tag.Payload);
            headersSent = true;
        }
        while (true)
        {
            var tag = clip.Media[next];
            var timestamp = loopOffset + tag.Timestamp;
            if (timestamp >= target.Seconds * 1000)
            {
                writer.WriteCommand(0, "FCUnpublish", 0.0, null, name);
                writer.WriteCommand(0, "deleteStream", 0.0, null, (double)streamId);
                deleted = true;
                return;
            }
            if (timestamp > elapsedMilliseconds)
                return;
            writer.Write(RtmpMessageWriter.MediaChunkStream, tag.Type, timestamp, streamId, tag.Payload);
            if (++next == clip.Media.Count)
            {
                next = 0;
                loopOffset += clip.LoopMilliseconds;
            }
        }
    }

    /// <summary>Closes the connection once the last write is out.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await sending;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
        }
        client.Dispose();
    }

    async Task HandshakeAsync(NetworkStream connection, CancellationToken cancellationToken)
    {
        var c0c1 = new byte[1 + 1536];
        c0c1[0] = 3;
        RandomNumberGenerator.Fill(c0c1.AsSpan(9)); // C1: time 0, zero version (the simple handshake), random bytes
        await connection.WriteAsync(c0c1, cancellationToken);
        var s0s1s2 = new byte[1 + 1536 + 1536];
        await connection.ReadExactlyAsync(s0s1s2, cancellationToken);
        if (s0s1s2[0] != 3)
            throw new IOException($"RTMP version {s0s1s2[0]} from the server");
        await connection.WriteAsync(s0s1s2.AsMemory(1, 1536), cancellationToken); // C2 echoes S1
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        await stream!.WriteAsync(writer.Written, cancellationToken);
        writer.Clear();
    }

    // Null when the command numbered `transaction` succeeded (createStream's answer sets the stream id).
    async Task<string?> AwaitResultAsync(double transaction, CancellationToken cancellationToken)
    {
        while (await reader!.ReadAsync(cancellationToken) is { } message)
        {
            if (Command(message) is not [string answer, double number, ..] values || number != transaction)
                continue;
            if (answer != "_result")
                return $"{answer} to command {transaction}: {Code(values) ?? "no code"}";
            if (values.Count > 3 && values[3] is double id)
                streamId = (uint)id;
            return null;
        }
        return "connection closed by nginx before publishing";
    }

    async Task<string?> AwaitPublishStartAsync(CancellationToken cancellationToken)
    {
        while (await reader!.ReadAsync(cancellationToken) is { } message)
        {
            if (Command(message) is not ["onStatus", ..] values)
                continue;
            if (Code(values) == "NetStream.Publish.Start")
            {
                publishedAt = Stopwatch.GetTimestamp();
                _ = WatchAsync(); // ends by itself when the connection closes
                return null;
            }
            if (Level(values) == "error")
                return $"publish refused: {Code(values)}";
        }
        return "connection closed by nginx at the publish";
    }

    // While publishing: answers pings, and notes an error status or the server closing the connection.
    async Task WatchAsync()
    {
        try
        {
            while (await reader!.ReadAsync(CancellationToken.None) is { } message)
            {
                if (message.Type == 4 && message.Payload.Length >= 6 && BinaryPrimitives.ReadUInt16BigEndian(message.Payload) == 6)
                    pingResponses.Enqueue([0, 7, .. message.Payload.AsSpan(2, 4)]);
                else if (Command(message) is ["onStatus", ..] values && Level(values) == "error")
                    stoppedBy ??= $"onStatus {Code(values)} after {Seconds:F1} s";
            }
            stoppedBy ??= $"connection closed by nginx after {Seconds:F1} s";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            stoppedBy ??= $"receive failed after {Seconds:F1} s: {e.GetBaseException().Message}";
        }
    }

    static List<object?>? Command(RtmpMessage message) => message.Type == 20 ? Amf0.Decode(message.Payload) : null;

    static string? Code(List<object?> values) => Info(values, "code");

    static string? Level(List<object?> values) => Info(values, "level");

    static string? Info(List<object?> values, string property) =>
        values.OfType<Dictionary<string, object?>>().Select(o => o.GetValueOrDefault(property) as string).LastOrDefault(v => v is not null);
}
