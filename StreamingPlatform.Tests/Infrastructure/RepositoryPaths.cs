namespace StreamingPlatform.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NginxRtmp => Path.Combine(Root, "nginx-rtmp");

    /// <summary>A project's built assembly, from the same configuration (bin/Debug/net10.0 ...) as the tests.</summary>
    public static string ProjectAssembly(string project)
    {
        var outputFolder = Path.GetRelativePath(Path.Combine(Root, "StreamingPlatform.Tests"), AppContext.BaseDirectory);
        return Path.Combine(Root, project, outputFolder, project + ".dll");
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamingPlatform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamingPlatform.sln not found above " + AppContext.BaseDirectory);
    }
}
