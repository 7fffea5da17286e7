namespace StreamingPlatform.Tests.Infrastructure;

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string NginxRtmp => Path.Combine(Root, "nginx-rtmp");

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
