using System.Diagnostics;

namespace Aspire.Hosting;

/// <summary>How the AppHost runs Redis, RabbitMQ and nginx-rtmp.</summary>
internal enum Servers
{
    /// <summary>Containers (Docker or Podman), as the product is deployed.</summary>
    Containers,

    /// <summary>The servers installed on this machine from Debian's packages, started as processes.</summary>
    Local,
}

/// <summary>
/// Picks <see cref="Servers"/>: <c>AppHost:Servers</c> = <c>containers</c> or <c>local</c> forces one; otherwise a
/// container runtime that answers wins, then the local servers when they are installed. Publishing (azd) always
/// describes containers. Decided in seconds, before Aspire starts anything, so that a machine with neither never
/// sees Aspire wait a minute for container volumes and give up.
/// </summary>
internal static class ServerChoice
{
    public const string Setting = "AppHost:Servers";

    private static readonly TimeSpan RuntimeProbeTimeout = TimeSpan.FromSeconds(10);

    public static bool TryChoose(IDistributedApplicationBuilder builder, out Servers servers, out string problem)
    {
        servers = Servers.Containers;
        problem = "";
        if (builder.ExecutionContext.IsPublishMode)
        {
            return true;
        }

        var setting = builder.Configuration[Setting]?.Trim().ToLowerInvariant();
        switch (setting)
        {
            case "containers":
                return true;
            case "local":
                servers = Servers.Local;
                problem = MissingLocalServersMessage(LocalServerPrograms.Missing(), runtimeProblem: null);
                return problem.Length == 0;
            case null or "" or "auto":
                break;
            default:
                problem = $"{Setting} is '{setting}': use auto, containers or local.";
                return false;
        }

        var runtimeProblem = ContainerRuntimeProblem(builder.Configuration["ASPIRE_CONTAINER_RUNTIME"]
            ?? builder.Configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"]
            ?? "docker");
        if (runtimeProblem is null)
        {
            return true;
        }

        servers = Servers.Local;
        problem = MissingLocalServersMessage(LocalServerPrograms.Missing(), runtimeProblem);
        return problem.Length == 0;
    }

    private static string MissingLocalServersMessage(IReadOnlyList<LocalServerProgram> missing, string? runtimeProblem)
    {
        if (missing.Count == 0)
        {
            return "";
        }

        var packages = string.Join(' ', missing.Select(program => program.DebianPackage).Distinct());
        var lines = new List<string>
        {
            "StreamingPlatform.AppHost cannot start the servers it needs.",
        };
        if (runtimeProblem is not null)
        {
            lines.Add($"  No container runtime answers: {runtimeProblem}.");
        }

        lines.Add("  Missing for local servers: " + string.Join(", ", missing.Select(program => $"{program.Name} (Debian package {program.DebianPackage})")) + ".");
        lines.Add($"  Install them (sudo apt-get install {packages}) or start Docker, then run the AppHost again.");
        lines.Add($"  {Setting}=containers or =local forces one mode.");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Null when the runtime Aspire would use answers <c>info</c>; otherwise what went wrong.</summary>
    private static string? ContainerRuntimeProblem(string runtime)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return $"{runtime} did not start";
            }

            // Read both pipes concurrently so a chatty runtime cannot block on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(RuntimeProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                return $"'{runtime} info' did not answer within {RuntimeProbeTimeout.TotalSeconds} s";
            }

            return process.ExitCode == 0 && output.Result.Trim().Length > 0
                ? null
                : $"'{runtime} info' failed ({FirstLine(error.Result)})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"{runtime} is not installed";
        }
    }

    private static string FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "no output";
}
