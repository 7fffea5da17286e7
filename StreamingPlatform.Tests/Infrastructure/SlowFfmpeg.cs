namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The real ffmpeg, reading its input at a fifth of real time, so that a test can catch a worker in the middle of a
/// remux. Given to the worker as Vod:FfmpegPath.
/// </summary>
internal sealed class SlowFfmpeg : IDisposable
{
    private readonly TempFolder _folder = new("slow-ffmpeg");

    public SlowFfmpeg()
    {
        Path = _folder.Combine("ffmpeg");
        File.WriteAllText(Path, "#!/bin/sh\nexec ffmpeg -readrate 0.2 \"$@\"\n");
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    public void Dispose() => _folder.Dispose();
}
