using System.Reflection;
using System.Text.Json.Nodes;
using MassTransit;
using StreamingPlatform.Contracts;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// The container app templates are written by hand beside the AppHost: these tests fail when the two drift apart (a
/// service, environment value, secret, port or volume the AppHost adds, renames or drops), and when the KEDA rules
/// watch queues the worker no longer consumes.
/// </summary>
[Collection(AppHostManifestCollection.Name)]
public sealed class AzureDeploymentDriftTests(AppHostManifest manifest)
{
    /// <summary>Added by azd's template to every container app (the managed identity), not by the AppHost.</summary>
    private const string AzdClientId = "AZURE_CLIENT_ID";

    [Fact]
    public void EveryServiceHasItsTemplateAndNoDockerfileCopyInInfra()
    {
        Assert.Equal(manifest.ContainerApps, ContainerAppTemplate.Names);
        // azd builds from infra/<name>/<Dockerfile> when it exists, instead of the service's own Dockerfile.
        Assert.All(manifest.ContainerApps, name => Assert.False(Directory.Exists(Path.Combine(MainBicep.Folder, name)), $"infra/{name}/ exists"));
    }

    [Fact]
    public void EveryEnvironmentValueOfTheManifestIsInItsTemplateAndSecretsStaySecrets()
    {
        var problems = new List<string>();
        foreach (var name in manifest.ContainerApps)
        {
            var expected = manifest.Environment(name);
            var app = ContainerAppTemplate.Load(name).RenderForReading();
            var actual = app.Environment();
            var secrets = app.SecretNames().ToHashSet();

            problems.AddRange(expected.Keys.Except(actual.Keys).Select(variable => $"{name}: {variable} is missing from {name}.tmpl.yaml"));
            problems.AddRange(actual.Keys.Except(expected.Keys).Except([AzdClientId]).Select(variable => $"{name}: {variable} is in {name}.tmpl.yaml but not in the AppHost"));
            foreach (var (variable, value) in expected.Where(variable => actual.ContainsKey(variable.Key) && manifest.IsSecret(variable.Key, variable.Value)))
            {
                var reference = actual[variable];
                if (!reference.StartsWith("secretRef:", StringComparison.Ordinal) || !secrets.Contains(reference["secretRef:".Length..]))
                {
                    problems.Add($"{name}: {variable} ({value}) is a secret but {name}.tmpl.yaml gives it as {reference}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void EveryPortVolumeAndArgumentOfTheManifestIsInItsTemplate()
    {
        var problems = new List<string>();
        foreach (var name in manifest.ContainerApps)
        {
            var resource = manifest.Resource(name);
            var app = ContainerAppTemplate.Load(name).RenderForReading();

            var ports = app.TargetPorts().ToList();
            foreach (var (binding, value) in resource["bindings"]?.AsObject() ?? [])
            {
                if ((int?)value!["targetPort"] is { } port && !ports.Contains(port))
                {
                    problems.Add($"{name}: binding {binding} (port {port}) is not open in {name}.tmpl.yaml ({string.Join(", ", ports)})");
                }
            }

            var mounts = app.VolumeMounts().Select(mount => (string?)mount["mountPath"]).ToList();
            foreach (var volume in resource["volumes"]?.AsArray() ?? [])
            {
                if (!mounts.Contains((string?)volume!["target"]))
                {
                    problems.Add($"{name}: volume {volume["name"]} at {volume["target"]} is not mounted in {name}.tmpl.yaml");
                }
            }

            var command = app.Container()["command"]?.AsArray().Select(part => (string?)part).SingleOrDefault();
            if ((string?)resource["entrypoint"] is { } entrypoint && entrypoint != command)
            {
                problems.Add($"{name}: the AppHost starts {entrypoint}, {name}.tmpl.yaml {command}");
            }

            var arguments = Words(app.Container()["args"]);
            var missing = Words(resource["args"]).Except(arguments).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{name}: {name}.tmpl.yaml's args lack {string.Join(' ', missing)}");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public async Task EverySecretParameterOfTheManifestIsASecureParameterAzdGenerates()
    {
        var main = await MainBicep.ArmTemplateAsync();
        var parameters = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(MainBicep.Folder, "main.parameters.json")))!["parameters"]!;
        var secretParameters = manifest.Resources
            .Where(resource => (string?)resource.Value!["type"] == "parameter.v0" && resource.Value["inputs"]?["value"]?["secret"]?.GetValue<bool>() == true)
            .Select(resource => resource.Key)
            .ToList();

        Assert.NotEmpty(secretParameters);
        foreach (var name in secretParameters)
        {
            // azd's names: the resource's dashes become underscores in Bicep, AZURE_ plus upper case in the environment.
            var bicepName = name.Replace('-', '_');
            var parameter = main["parameters"]![bicepName];
            Assert.True(parameter is not null, $"infra/main.bicep has no parameter {bicepName} for the AppHost's secret {name}");
            Assert.Equal("securestring", (string?)parameter["type"]);
            Assert.Equal("generate", (string?)parameter["metadata"]?["azd"]?["type"]);
            var generate = manifest.Resource(name)["inputs"]!["value"]!["default"]?["generate"];
            Assert.Equal((int?)generate?["minLength"], (int?)parameter["metadata"]!["azd"]!["config"]!["length"]);
            Assert.Equal($"${{AZURE_{bicepName.ToUpperInvariant()}}}", (string?)parameters[bicepName]?["value"]);
        }
    }

    [Fact]
    public void KedaRulesWatchTheQueuesTheWorkerConsumes()
    {
        var watched = ContainerAppTemplate.Load("vod-worker").RenderForReading().Scale()["rules"]!.AsArray()
            .Select(rule => (string)rule!["custom"]!["metadata"]!["queueName"]!)
            .Order();

        Assert.Equal(QueueNames.All.Order(), watched);
        Assert.Equal(QueueNames.All.Order(), WorkerQueues().Order());
    }

    /// <summary>The worker's receive endpoints: the names its consumers' definitions give them.</summary>
    private static IEnumerable<string> WorkerQueues()
    {
        var worker = Assembly.LoadFrom(RepositoryPaths.ProjectAssembly("StreamingPlatform.VodWorker"));
        var formatter = new KebabCaseEndpointNameFormatter(false);
        var definitions = worker.GetExportedTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IConsumerDefinition).IsAssignableFrom(type))
            .ToList();

        Assert.NotEmpty(definitions);
        return definitions.Select(definition =>
        {
            // Each definition takes IOptions<VodOptions>; the defaults are enough to name its endpoint.
            var optionsType = definition.GetConstructors().Single().GetParameters().Single().ParameterType.GetGenericArguments().Single();
            var options = typeof(Microsoft.Extensions.Options.Options).GetMethod(nameof(Microsoft.Extensions.Options.Options.Create))!
                .MakeGenericMethod(optionsType).Invoke(null, [Activator.CreateInstance(optionsType)]);
            return ((IConsumerDefinition)Activator.CreateInstance(definition, options)!).GetEndpointName(formatter);
        });
    }

    private static IEnumerable<string> Words(JsonNode? arguments) =>
        arguments?.AsArray().SelectMany(argument => ((string)argument!).Split(' ', StringSplitOptions.RemoveEmptyEntries)) ?? [];
}
