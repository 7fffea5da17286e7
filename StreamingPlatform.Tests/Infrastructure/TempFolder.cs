extern alias AppHost;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>A temp folder that nginx's worker (user nobody) can traverse, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder(string prefix)
    {
        Path = Directory.CreateTempSubdirectory($"sp-{prefix}-").FullName;
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
            // An AppHost given this folder as its data folder kept its live HLS in memory.
            if (AppHost::Aspire.Hosting.LiveHlsFolder.Root(Combine("media")) is { } inMemory && Directory.Exists(inMemory))
            {
                Directory.Delete(inMemory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A server may still be closing a file; the OS cleans /tmp eventually.
        }
    }
}
