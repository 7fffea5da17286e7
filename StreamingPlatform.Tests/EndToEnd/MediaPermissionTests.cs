using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>
/// The media root below a folder nginx's worker (user nobody) cannot enter: a mode-700 folder, as mktemp -d
/// makes. nginx must refuse to start and say which folder denies what, rather than accept publishes it cannot record.
/// </summary>
public sealed class MediaPermissionTests
{
    [Fact]
    public async Task NginxRefusesToStartAndNamesTheFolderItsWorkerCannotEnter()
    {
        using var state = new TempFolder("private");
        File.SetUnixFileMode(state.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var media = Directory.CreateDirectory(state.Combine("data", "media")).FullName;

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            NginxRtmpServer.StartAsync("http://127.0.0.1:1", ApiServer.HookSecret, mediaRoot: media));

        Assert.Contains($"nginx's worker (user nobody) cannot write {media}/hls", refused.Message);
        Assert.Contains($"{state.Path} (owner root, mode 700) denies it; chmod o+x {state.Path}", refused.Message);
    }
}
