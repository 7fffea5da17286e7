using System.Net.Security;
using System.Net.Sockets;

namespace StreamingPlatform.VodWorker.Restream;

/// <summary>
/// Carries FFmpeg's RTMP connection to the target: TCP to the target's host and port, TLS for <c>rtmps</c> (the host's
/// certificate checked), FFmpeg's bytes through the <see cref="RtmpKeyInjector"/>, the target's bytes back as they are.
/// <paramref name="tags"/> go on the bytes metric.
/// </summary>
public sealed class RtmpTargetProxy(RtmpKeyInjector injector, KeyValuePair<string, object?>[] tags)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A target that takes no bytes this long has dropped (a vanished host never closes the connection).</summary>
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(20);

    private long _bytesSent;

    /// <summary>Bytes sent to the target so far.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public static async Task<Stream> ConnectAsync(string host, int port, bool tls, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token);
            var stream = new NetworkStream(socket, ownsSocket: true);
            if (!tls)
            {
                return stream;
            }

            var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, timeout.Token);
            return ssl;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new TimeoutException($"no answer within {ConnectTimeout.TotalSeconds} s");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Relays until one side closes or fails; true when the target was the one.</summary>
    public async Task<bool> RunAsync(Stream ffmpeg, Stream target, CancellationToken cancellationToken)
    {
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = UpAsync(ffmpeg, target, both.Token);
        var down = DownAsync(target, ffmpeg, both.Token);
        var first = await Task.WhenAny(up, down);
        await both.CancelAsync();
        await Task.WhenAll(up, down);
        return await first;
    }

    /// <summary>FFmpeg's bytes to the target; true when the target failed, false when FFmpeg closed.</summary>
    private async Task<bool> UpAsync(Stream ffmpeg, Stream target, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var write = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (true)
        {
            int read;
            try
            {
                read = await ffmpeg.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                return false;
            }

            if (read == 0)
            {
                return false;
            }

            var output = injector.Feed(buffer.AsSpan(0, read));
            if (output.Length == 0)
            {
                continue;
            }

            try
            {
                write.CancelAfter(WriteTimeout);
                await target.WriteAsync(output, write.Token);
                write.CancelAfter(Timeout.InfiniteTimeSpan);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                return !cancellationToken.IsCancellationRequested;
            }

            Interlocked.Add(ref _bytesSent, output.Length);
            RestreamTelemetry.Bytes.Add(output.Length, tags);
        }
    }

    /// <summary>The target's bytes to FFmpeg; true when the target closed or failed, false when FFmpeg did.</summary>
    private static async Task<bool> DownAsync(Stream target, Stream ffmpeg, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            int read;
            try
            {
                read = await target.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                return true;
            }

            if (read == 0)
            {
                return true;
            }

            try
            {
                await ffmpeg.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
            {
                return false;
            }
        }
    }
}
