using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// azd's files for Azure Container Apps, checked offline by the Bicep CLI: every .bicep file builds and lints without a
/// single diagnostic, and every container app template, rendered as azd renders it, is a Microsoft.App/containerApps
/// body Bicep's type information accepts (an unknown property or a wrong type is only a warning to Bicep: any fails).
/// </summary>
public sealed class AzureInfrastructureTests
{
    [Fact]
    public async Task EveryBicepFileBuildsAndLintsWithoutAnyDiagnostic()
    {
        var files = Directory.GetFiles(MainBicep.Folder, "*.bicep").Order().ToList();
        Assert.Equal(["main.bicep", "network.bicep", "resources.bicep"], files.Select(file => Path.GetFileName(file)));

        var diagnostics = (await BicepCli.LintAsync(MainBicep.Folder)).ToList();
        using var output = new TempFolder("bicep");
        foreach (var file in files)
        {
            var (template, build) = await BicepCli.BuildAsync(file, output.Path);
            diagnostics.AddRange(build);
            Assert.True(template is not null, $"{file} does not build: {string.Join('\n', build)}");
        }

        Assert.True(diagnostics.Count == 0, string.Join('\n', diagnostics));
    }

    [Fact]
    public async Task EveryContainerAppTemplateIsAContainerAppBicepAccepts()
    {
        var environment = await MainBicep.EnvironmentAsync();
        var secureParameters = await MainBicep.SecureParametersAsync();
        using var folder = new TempFolder("container-apps");
        var resources = new Dictionary<string, string>();
        Assert.NotEmpty(ContainerAppTemplate.Names);
        foreach (var name in ContainerAppTemplate.Names)
        {
            var app = ContainerAppTemplate.Load(name).Render(environment, secureParameters);
            resources[$"{name}.bicep"] = ContainerAppTemplate.ToBicepResource(name, app);
            await File.WriteAllTextAsync(folder.Combine($"{name}.bicep"), resources[$"{name}.bicep"]);
            Assert.Equal(ContainerAppTemplate.SampleImage, (string?)app.Container()["image"]);
            Assert.Equal(name, (string?)app["tags"]?["azd-service-name"]);
        }

        var diagnostics = await BicepCli.LintAsync(folder.Path);

        Assert.True(diagnostics.Count == 0, $"""
            the templates as Microsoft.App/containerApps resources:
            {string.Join('\n', diagnostics)}

            {string.Join("\n\n", resources.Where(resource => diagnostics.Any(diagnostic => diagnostic.StartsWith(resource.Key))).Select(resource => $"{resource.Key}:\n{resource.Value}"))}
            """);
    }

    [Fact]
    public async Task EnvironmentJoinsItsOwnVnetAndMountsOneMediaShare()
    {
        var main = await MainBicep.ArmTemplateAsync();
        var resources = Assert.Single(main["resources"]!.AsArray(), resource => (string?)resource!["name"] == "resources")!["properties"]!;
        Assert.Contains("'Microsoft.Resources/deployments', 'network'", (string?)resources["parameters"]!["infrastructureSubnetId"]!["value"]);
        Assert.Contains(".outputs.subnetId.value", (string?)resources["parameters"]!["infrastructureSubnetId"]!["value"]);

        var inner = resources["template"]!["resources"]!.AsArray().Select(resource => resource!.AsObject()).ToList();
        var environment = Assert.Single(inner, resource => (string?)resource["type"] == "Microsoft.App/managedEnvironments");
        Assert.Equal("[parameters('infrastructureSubnetId')]", (string?)environment["properties"]!["vnetConfiguration"]!["infrastructureSubnetId"]);
        Assert.False((bool?)environment["properties"]!["vnetConfiguration"]!["internal"]);

        var shares = inner.Where(resource => (string?)resource["type"] == "Microsoft.Storage/storageAccounts/fileServices/shares")
            .Select(resource => (string)resource["name"]!).ToList();
        Assert.Contains(shares, share => share.Contains("'media'"));
        var storages = inner.Where(resource => (string?)resource["type"] == "Microsoft.App/managedEnvironments/storages")
            .Select(resource => (string)resource["name"]!).ToList();
        Assert.Contains(storages, storage => storage.Contains("'media'"));
    }
}
