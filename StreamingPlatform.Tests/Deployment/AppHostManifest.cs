using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// The AppHost's manifest, produced once per run the way azd produces it (`--publisher manifest`) by the AppHost this
/// build made: the tests read what the AppHost says today, never a committed copy.
/// </summary>
public sealed partial class AppHostManifest : IAsyncLifetime
{
    private readonly TempFolder _folder = new("manifest");

    public string Path => _folder.Combine("manifest.json");

    internal JsonObject Resources { get; private set; } = [];

    /// <summary>The resources azd deploys as container apps (projects, containers, Dockerfiles).</summary>
    internal IEnumerable<string> ContainerApps =>
        Resources.Where(resource => ContainerAppTypes.Contains((string?)resource.Value!["type"])).Select(resource => resource.Key).Order();

    private static readonly string[] ContainerAppTypes = ["project.v0", "project.v1", "container.v0", "container.v1", "dockerfile.v0"];

    public async Task InitializeAsync()
    {
        var appHost = RepositoryPaths.ProjectAssembly("StreamingPlatform.AppHost");
        Assert.True(File.Exists(appHost), $"{appHost} is missing: the test project builds the AppHost");
        var (exit, output) = await ChildProcess.RunAsync("dotnet", [appHost, "--publisher", "manifest", "--output-path", Path], TimeSpan.FromMinutes(2));
        Assert.True(exit == 0 && File.Exists(Path), $"the AppHost wrote no manifest (exit {exit}): {output}");
        Resources = JsonNode.Parse(await File.ReadAllTextAsync(Path))!["resources"]!.AsObject();
    }

    public Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }

    internal JsonObject Resource(string name) =>
        Resources[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"the manifest has no resource {name}: {string.Join(", ", Resources.Select(r => r.Key))}");

    internal IReadOnlyDictionary<string, string> Environment(string name) =>
        Resource(name)["env"]?.AsObject().ToDictionary(variable => variable.Key, variable => (string)variable.Value!) ?? [];

    /// <summary>A path of the manifest (relative to the manifest's folder, as azd reads it) as a full path.</summary>
    internal string FullPath(string relative) => System.IO.Path.GetFullPath(System.IO.Path.Combine(_folder.Path, relative));

    /// <summary>Where azd builds a resource's image from: dockerfile.v0 (context, path) or container.v1 (build), else null.</summary>
    internal (string Context, string Dockerfile)? Build(string name)
    {
        var resource = Resource(name);
        return (string?)resource["type"] switch
        {
            "dockerfile.v0" => (FullPath((string)resource["context"]!), FullPath((string)resource["path"]!)),
            "container.v1" when resource["build"] is { } build => (FullPath((string)build["context"]!), FullPath((string)build["dockerfile"]!)),
            _ => null,
        };
    }

    /// <summary>
    /// Whether azd makes an environment value a container app secret: a connection string, or a value that reaches a
    /// secret parameter (directly, through a connection string, or through a uri-encoded copy), as azd's generator decides.
    /// </summary>
    internal bool IsSecret(string variable, string value) =>
        variable.Contains("ConnectionStrings__") || value.Contains(".connectionString}") || ReachesSecretParameter(value, depth: 0);

    private bool ReachesSecretParameter(string value, int depth)
    {
        Assert.True(depth < 10, $"the manifest's references loop: {value}");
        foreach (Match reference in Reference().Matches(value))
        {
            var target = Resources[reference.Groups["resource"].Value];
            var property = reference.Groups["property"].Value;
            if ((string?)target?["type"] == "parameter.v0" && target["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true)
            {
                return true;
            }

            if (target?[property == "connectionString" ? "connectionString" : "value"] is JsonValue inner
                && (string?)target["type"] is "annotated.string" or "value.v0" && ReachesSecretParameter((string)inner!, depth + 1))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\{(?<resource>[a-zA-Z0-9-]+)\.(?<property>[a-zA-Z0-9.]+)\}")]
    private static partial Regex Reference();
}

[CollectionDefinition(Name)]
public sealed class AppHostManifestCollection : ICollectionFixture<AppHostManifest>
{
    public const string Name = "apphost manifest";
}
