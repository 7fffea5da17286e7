using Microsoft.Extensions.Options;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.Contracts;
using StreamingPlatform.VodWorker.Media;
using StreamingPlatform.VodWorker.Options;
using StreamingPlatform.VodWorker.Vod;

namespace StreamingPlatform.VodWorker.Thumbnails;

/// <summary>
/// Every few seconds, grabs a frame of each live channel from the newest segment of its HLS playlist into
/// <c>thumbnails/&lt;channel&gt;.jpg</c> (written aside, then renamed over the old one, so readers never see half a
/// file), and removes the thumbnails of channels that are no longer live. Each round also checks the codecs of each
/// live channel (<see cref="LiveCodecCheck"/>), thumbnails or not.
/// </summary>
public sealed class LiveThumbnailer(
    BroadcastStore broadcasts,
    Ffmpeg ffmpeg,
    LiveCodecCheck codecs,
    IOptions<MediaOptions> media,
    IOptions<ThumbnailOptions> options,
    TimeProvider time,
    ILogger<LiveThumbnailer> logger) : BackgroundService
{
    private readonly HashSet<string> _failing = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var hlsBaseUrl = options.Value.HlsBaseUrl;
        if (hlsBaseUrl is null)
        {
            ThumbnailLog.Disabled(logger);
        }
        else
        {
            ThumbnailLog.Started(logger, hlsBaseUrl, options.Value.IntervalSeconds);
        }

        var interval = TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        do
        {
            try
            {
                await RefreshAsync(hlsBaseUrl, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ThumbnailLog.RoundFailed(logger, exception);
            }
        }
        while (await time.WaitForNextRoundAsync(interval, stoppingToken));
    }

    private async Task RefreshAsync(Uri? hlsBaseUrl, CancellationToken cancellationToken)
    {
        var live = (await broadcasts.LiveChannelsAsync()).Where(StreamName.IsValid).ToHashSet();
        await codecs.CheckAsync(live, cancellationToken);
        if (hlsBaseUrl is null)
        {
            return;
        }

        var folder = Directory.CreateDirectory(media.Value.Thumbnails);
        foreach (var channel in live)
        {
            await GrabAsync(hlsBaseUrl, folder.FullName, channel, cancellationToken);
        }

        var stale = time.GetUtcNow().UtcDateTime - TimeSpan.FromSeconds(options.Value.IntervalSeconds);
        foreach (var file in folder.EnumerateFiles("*.jpg"))
        {
            if (!live.Contains(Path.GetFileNameWithoutExtension(file.Name)) && file.LastWriteTimeUtc < stale)
            {
                file.Delete();
            }
        }
    }

    /// <summary>The channel's live playlist below <paramref name="hlsBaseUrl"/>, whether or not it ends with a slash.</summary>
    public static Uri PlaylistUrl(Uri hlsBaseUrl, string channel) =>
        new(new Uri(hlsBaseUrl.AbsoluteUri.TrimEnd('/') + "/"), HlsLayout.LivePlaylist(channel));

    private async Task GrabAsync(Uri hlsBaseUrl, string folder, string channel, CancellationToken cancellationToken)
    {
        var playlist = PlaylistUrl(hlsBaseUrl, channel);
        var partial = Path.Combine(folder, $".{channel}.partial.jpg");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.TimeoutSeconds));
        string? failure;
        try
        {
            var result = await ffmpeg.RunFfmpegAsync(
                ["-live_start_index", "-1", "-i", playlist.ToString(), "-an", "-frames:v", "1",
                 "-vf", $"scale=-2:'min({options.Value.Height},ih)'", "-q:v", "5", "-f", "image2", partial],
                timeout.Token);
            failure = result.ExitCode == 0 && File.Exists(partial) ? null : $"ffmpeg exited with {result.ExitCode}: {result.Error}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            failure = $"no frame within {options.Value.TimeoutSeconds} s";
        }

        if (failure is null)
        {
            File.Move(partial, media.Value.ThumbnailFile(channel), overwrite: true);
            ThumbnailTelemetry.CountThumbnail("taken");
            if (_failing.Remove(channel))
            {
                ThumbnailLog.Recovered(logger, channel);
            }

            return;
        }

        File.Delete(partial);
        ThumbnailTelemetry.CountThumbnail("failed");
        // One line when a channel starts failing, not one every round.
        if (_failing.Add(channel))
        {
            ThumbnailLog.GrabFailed(logger, channel, failure);
        }
    }
}
