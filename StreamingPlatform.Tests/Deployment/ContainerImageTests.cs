using System.Text.RegularExpressions;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// What `azd up` builds, checked without Docker: the worker's and the Api's Dockerfiles build from exactly the files they
/// copy, and the images run Debian 12's FFmpeg, the one these tests run. In the shared collection: the publish is a full build,
/// which must not run beside the timing-sensitive tests.
/// </summary>
[Collection(LiveIngestCollection.Name)]
public sealed partial class ContainerImageTests
{
    private static string WorkerDockerfile => Dockerfile("StreamingPlatform.VodWorker");

    private static string Dockerfile(string service) => File.ReadAllText(Path.Combine(RepositoryPaths.Root, service, "Dockerfile"));

    [Theory]
    [InlineData("StreamingPlatform.VodWorker")]
    [InlineData("StreamingPlatform.Api")]
    public async Task DockerfilePublishesItsServiceFromOnlyTheFilesItCopies(string service)
    {
        using var context = new TempFolder("docker-context");
        var build = Dockerfile(service).Split("\nFROM ")[1];
        foreach (Match copy in CopyLine().Matches(build))
        {
            var sources = copy.Groups["sources"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in sources.Take(sources.Length - 1))
            {
                CopyIntoContext(source.TrimEnd('/'), context.Path);
            }
        }

        var publish = PublishLine().Match(build);
        Assert.True(publish.Success, "the build stage has no `RUN dotnet publish ... -o /app` line");
        var output = context.Combine("app");
        var (exit, log) = await ChildProcess.RunAsync("dotnet",
            ["publish", context.Combine(publish.Groups["project"].Value), "-c", "Release", "-o", output, "--nologo", "-v", "q"],
            TimeSpan.FromMinutes(5));

        Assert.True(exit == 0, $"dotnet publish failed in a context holding only the copied files: {log}");
        Assert.True(File.Exists(Path.Combine(output, $"{service}.dll")));
        Assert.Contains($"ENTRYPOINT [\"dotnet\", \"{service}.dll\"]", Dockerfile(service));
    }

    [Fact]
    public void WorkerApiAndNginxImagesRunDebianFfmpegLikeTheTests()
    {
        var nginx = File.ReadAllText(Path.Combine(RepositoryPaths.NginxRtmp, "Dockerfile"));
        var ci = File.ReadAllText(Path.Combine(RepositoryPaths.Root, ".ci", "run"));
        var workerFinalStage = WorkerDockerfile.Split("\nFROM ").Last();

        Assert.StartsWith("debian:bookworm-slim", workerFinalStage);
        Assert.Contains("FROM debian:bookworm-slim", nginx);
        Assert.Matches(@"apt-get install[^\n]*\bffmpeg\b", workerFinalStage);
        var apiFinalStage = Dockerfile("StreamingPlatform.Api").Split("\nFROM ").Last();
        Assert.StartsWith("debian:bookworm-slim", apiFinalStage);
        Assert.Matches(@"apt-get install[^\n]*\bffmpeg\b", apiFinalStage);
        Assert.Matches(@"apt-get install[^\n]*\bffmpeg\b", nginx);
        Assert.Matches(@"packages=\([^)]*\bffmpeg\b", ci);
        // The worker finds FFmpeg on PATH: no path baked into the image or the configuration.
        Assert.DoesNotContain("FfmpegPath", workerFinalStage);
    }

    [Fact]
    public async Task NginxImageBuildsTheWorkerSocketsModuleFromOnlyTheFilesItCopiesToWhereTheEntrypointLooks()
    {
        var nginx = File.ReadAllText(Path.Combine(RepositoryPaths.NginxRtmp, "Dockerfile"));
        var build = nginx.Split("\nFROM ")[1];
        Assert.StartsWith("debian:bookworm-slim AS worker-sockets", build);
        Assert.Matches(@"apt-get install[^\n]*\bnginx-dev\b", build);

        using var context = new TempFolder("nginx-context");
        foreach (Match copy in CopyLine().Matches(build))
        {
            var source = copy.Groups["sources"].Value.Split(' ')[0].TrimEnd('/');
            CopyIntoContext(Path.Combine("nginx-rtmp", source), context.Path);
        }

        var run = Regex.Match(build, @"^RUN /src/(?<script>\S+) /out$", RegexOptions.Multiline);
        Assert.True(run.Success, "the worker-sockets stage has no `RUN /src/... /out` line");
        var output = context.Combine("out");
        var (exit, log) = await ChildProcess.RunAsync(context.Combine("nginx-rtmp", run.Groups["script"].Value), [output], TimeSpan.FromMinutes(3));
        Assert.True(exit == 0, $"the module did not build from the copied files alone: {log}");
        Assert.True(File.Exists(Path.Combine(output, "ngx_rtmp_worker_sockets_module.so")));

        var installed = Regex.Match(File.ReadAllText(Path.Combine(RepositoryPaths.NginxRtmp, "entrypoint.sh")),
            @"NGINX_WORKER_SOCKETS_MODULE=(?<path>/\S+\.so)\n").Groups["path"].Value;
        Assert.Contains($"COPY --from=worker-sockets /out/ngx_rtmp_worker_sockets_module.so {Path.GetDirectoryName(installed)}/", nginx);
    }

    [Fact]
    public void AzdDeploysTheAppHostToContainerApps()
    {
        var azure = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        var project = Regex.Match(azure, @"project:\s*(?<path>\S+)").Groups["path"].Value;

        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, project)), $"azure.yaml points at {project}, which does not exist");
        Assert.EndsWith("StreamingPlatform.AppHost.csproj", project);
        Assert.Matches(@"host:\s*containerapp", azure);
        Assert.Matches(@"language:\s*dotnet", azure);
    }

    private static void CopyIntoContext(string source, string context)
    {
        var from = Path.Combine(RepositoryPaths.Root, source);
        var to = Path.Combine(context, source);
        if (File.Exists(from))
        {
            File.Copy(from, to);
            return;
        }

        Assert.True(Directory.Exists(from), $"the Dockerfile copies {source}, which does not exist");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar) is var parts && (parts.Contains("bin") || parts.Contains("obj")))
            {
                continue; // .dockerignore
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(to, relative))!);
            File.Copy(file, Path.Combine(to, relative));
        }
    }

    [GeneratedRegex(@"^COPY (?<sources>[^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex CopyLine();

    [GeneratedRegex(@"^RUN dotnet publish (?<project>\S+\.csproj) -c Release -o /app$", RegexOptions.Multiline)]
    private static partial Regex PublishLine();
}
