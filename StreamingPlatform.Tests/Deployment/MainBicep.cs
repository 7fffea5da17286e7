using System.Text.Json.Nodes;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// infra/main.bicep compiled once per run: its outputs are what azd puts in .Env for the container app templates, its
/// secure parameters what {{ securedParameter }} reads (azd keeps their values in the azd environment's config).
/// </summary>
internal static class MainBicep
{
    private static readonly Lazy<Task<JsonObject>> Template = new(BuildAsync);

    /// <summary>What azd itself puts in .Env beside the outputs (set when the azd environment is created).</summary>
    private static readonly string[] AzdOwnValues = ["AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_SUBSCRIPTION_ID"];

    private static readonly Dictionary<string, string> Samples = new()
    {
        ["AZURE_LOCATION"] = "westeurope",
        ["MANAGED_IDENTITY_CLIENT_ID"] = "11111111-1111-1111-1111-111111111111",
        ["AZURE_CONTAINER_REGISTRY_ENDPOINT"] = "acrsample.azurecr.io",
        ["AZURE_CONTAINER_REGISTRY_MANAGED_IDENTITY_ID"] =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sample/providers/Microsoft.ManagedIdentity/userAssignedIdentities/mi-sample",
        ["AZURE_CONTAINER_APPS_ENVIRONMENT_ID"] =
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-sample/providers/Microsoft.App/managedEnvironments/cae-sample",
        ["AZURE_CONTAINER_APPS_ENVIRONMENT_DEFAULT_DOMAIN"] = "sample.westeurope.azurecontainerapps.io",
    };

    public static string Folder => Path.Combine(RepositoryPaths.Root, "infra");

    public static Task<JsonObject> ArmTemplateAsync() => Template.Value;

    /// <summary>Every name a template may use as .Env.NAME, with a sample value.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> EnvironmentAsync()
    {
        var outputs = (await ArmTemplateAsync())["outputs"]!.AsObject().Select(output => output.Key);
        return outputs.Concat(AzdOwnValues).ToDictionary(name => name, name => Samples.GetValueOrDefault(name, $"sample-{name.ToLowerInvariant()}"));
    }

    /// <summary>main.bicep's parameters of type securestring.</summary>
    public static async Task<IReadOnlySet<string>> SecureParametersAsync() =>
        (await ArmTemplateAsync())["parameters"]!.AsObject()
            .Where(parameter => (string?)parameter.Value!["type"] == "securestring")
            .Select(parameter => parameter.Key)
            .ToHashSet();

    private static async Task<JsonObject> BuildAsync()
    {
        var output = Directory.CreateTempSubdirectory("sp-main-bicep-").FullName;
        try
        {
            var (template, diagnostics) = await BicepCli.BuildAsync(Path.Combine(Folder, "main.bicep"), output);
            Assert.True(template is not null, $"infra/main.bicep does not build: {string.Join('\n', diagnostics)}");
            return template.AsObject();
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }
}
