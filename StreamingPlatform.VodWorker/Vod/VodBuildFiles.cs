using StreamingPlatform.BroadcastState.Media;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>
/// The file names of a build: one attempt's files under <c>vod/.partial</c> (<c>&lt;session&gt;-&lt;attempt&gt;.mp4/.jpg/.txt</c>,
/// so a dead worker's leftovers are found by the session's prefix), and the published
/// <c>vod/&lt;channel&gt;/&lt;session&gt;.mp4</c> and <c>.jpg</c> they are renamed to.
/// </summary>
public static class VodBuildFiles
{
    public static BuildAttempt Attempt(string partialFolder, string sessionId, string attempt) => new(
        Path.Combine(partialFolder, $"{sessionId}-{attempt}.mp4"),
        Path.Combine(partialFolder, $"{sessionId}-{attempt}.jpg"),
        Path.Combine(partialFolder, $"{sessionId}-{attempt}.txt"));

    /// <summary>The search pattern matching every attempt's files of <paramref name="sessionId"/> in the partial folder.</summary>
    public static string AttemptPattern(string sessionId) => $"{sessionId}-*";

    public static string ChannelFolder(string vodFolder, string channel) => Path.Combine(vodFolder, channel);

    public static string Video(string vodFolder, string channel, string sessionId) => Path.Combine(vodFolder, MediaOptions.VodVideo(channel, sessionId));

    public static string Poster(string vodFolder, string channel, string sessionId) => Path.Combine(vodFolder, MediaOptions.VodPoster(channel, sessionId));
}

/// <summary>The files one build attempt writes in the partial folder; all deleted when it ends, published or not.</summary>
public sealed record BuildAttempt(string Video, string Poster, string ConcatList)
{
    public IEnumerable<string> All => [Video, Poster, ConcatList];
}
