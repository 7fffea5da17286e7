extern alias AppHost;

using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// How the AppHost picks its servers: a container runtime that answers means containers, none means the local servers,
/// and a machine with neither gets, within seconds, a message naming what to install.
/// </summary>
public sealed class ServerChoiceTests
{
    [Theory]
    // `echo info ...` exits 0 with output, as a healthy runtime's `info` does.
    [InlineData("echo", typeof(ContainerResource))]
    [InlineData("no-such-container-runtime", typeof(ExecutableResource))]
    public async Task AutoModeUsesARuntimeThatAnswersAndOtherwiseTheLocalServers(string runtime, Type expected)
    {
        using var data = new TempFolder("apphost-choice");
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.StreamingPlatform_AppHost>(
            [.. AppHostFixture.Arguments(data.Path, FreePort.Next(), FreePort.Next(), servers: "auto"), $"ASPIRE_CONTAINER_RUNTIME={runtime}"]);

        foreach (var name in new[] { "redis", "messaging", "nginx-rtmp" })
        {
            Assert.IsAssignableFrom(expected, builder.Resources.Single(r => r.Name == name));
        }
    }

    [Fact]
    public async Task WithoutARuntimeOrTheServersTheAppHostStopsAtOnceNamingThePackagesToInstall()
    {
        using var data = new TempFolder("apphost-choice");
        var (exitCode, output, elapsed) = await AppHostProcess.RunAsync(
            // No PATH: redis-server, envsubst and ffmpeg cannot be found; no container runtime by that name either.
            new Dictionary<string, string> { ["PATH"] = "", ["ASPIRE_CONTAINER_RUNTIME"] = "no-such-container-runtime" },
            $"--AppHost:DataPath={data.Path}");

        Assert.Equal(1, exitCode);
        Assert.Contains("No container runtime answers: no-such-container-runtime is not installed", output);
        Assert.Contains("redis-server (Debian package redis-server)", output);
        Assert.Contains("ffmpeg (Debian package ffmpeg)", output);
        Assert.Contains("sudo apt-get install redis-server gettext-base ffmpeg", output);
        Assert.DoesNotContain("Distributed application starting", output);
        Assert.True(elapsed < TimeSpan.FromSeconds(30), $"took {elapsed}");
    }

    [Fact]
    public async Task AnUnknownServersSettingIsNamed()
    {
        using var data = new TempFolder("apphost-choice");
        var (exitCode, output, _) = await AppHostProcess.RunAsync(new Dictionary<string, string>(), $"--AppHost:DataPath={data.Path}", "--AppHost:Servers=vm");

        Assert.Equal(1, exitCode);
        Assert.Contains("AppHost:Servers is 'vm': use auto, containers or local.", output);
    }
}
