using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// The Bicep CLI from NuGet (Azure.Bicep.CommandLine.linux-x64, restored by the test project), offline. Bicep exits 0 on
/// warnings, and an unknown property or a value of the wrong type in a resource body is only a warning (BCP037,
/// BCP036): callers read every diagnostic from its SARIF output instead of trusting the exit code.
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string Path { get; } = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BicepPath").Value!;

    /// <summary>Compiles a file to its ARM JSON; returns the template and every diagnostic of the compilation.</summary>
    public static async Task<(JsonNode? Template, IReadOnlyList<string> Diagnostics)> BuildAsync(string bicepFile, string outputFolder)
    {
        var (exit, stdout, stderr) = await RunAsync(["build", bicepFile, "--outdir", outputFolder, "--diagnostics-format", "sarif"]);
        var diagnostics = Diagnostics(stderr);
        var output = System.IO.Path.Combine(outputFolder, System.IO.Path.ChangeExtension(System.IO.Path.GetFileName(bicepFile), ".json"));
        if (exit != 0 || !File.Exists(output))
        {
            diagnostics.Add($"bicep build exited {exit}: {stdout} {stderr}");
            return (null, diagnostics);
        }

        return (JsonNode.Parse(await File.ReadAllTextAsync(output)), diagnostics);
    }

    /// <summary>Every diagnostic of the linter and the compiler for every .bicep file of a folder (one run: Bicep starts slowly).</summary>
    public static async Task<IReadOnlyList<string>> LintAsync(string folder)
    {
        var (exit, stdout, stderr) = await RunAsync(["lint", "--pattern", System.IO.Path.Combine(folder, "*.bicep"), "--diagnostics-format", "sarif"]);
        var diagnostics = Diagnostics(stdout);
        if (exit != 0 && diagnostics.Count == 0)
        {
            diagnostics.Add($"bicep lint exited {exit}: {stdout} {stderr}");
        }

        return diagnostics;
    }

    /// <summary>The results of Bicep's SARIF output: one document per file it read.</summary>
    private static List<string> Diagnostics(string sarif)
    {
        var start = sarif.IndexOf('{');
        Assert.True(start >= 0, $"bicep printed no SARIF: {sarif}");
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(sarif[start..]), new JsonReaderOptions { AllowMultipleValues = true });
        var diagnostics = new List<string>();
        while (reader.Read())
        {
            diagnostics.AddRange(
                from run in JsonNode.Parse(ref reader)!["runs"]!.AsArray()
                from result in run!["results"]!.AsArray()
                let location = result!["locations"]?[0]?["physicalLocation"]
                let file = System.IO.Path.GetFileName((string?)location?["artifactLocation"]?["uri"])
                select $"{file} line {location?["region"]?["startLine"]}: {result["ruleId"]} {result["message"]?["text"]}");
        }

        return diagnostics;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IEnumerable<string> arguments)
    {
        Assert.True(File.Exists(Path), $"the Bicep CLI is not at {Path}: restore StreamingPlatform.Tests");
        var info = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // No telemetry, and no look-up of newer versions: the tests run offline.
        info.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bicep {string.Join(' ', info.ArgumentList)} did not finish within {Timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
