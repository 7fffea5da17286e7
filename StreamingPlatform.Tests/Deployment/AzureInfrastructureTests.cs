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
        Assert.Equal(["cdn.bicep", "main.bicep", "network.bicep", "resources.bicep"], files.Select(file => Path.GetFileName(file)));

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
    public async Task FrontDoorIsOffByDefaultAndWhenOnCachesNginxsHlsAsNginxSaysAndViewersGetItsAddress()
    {
        var main = await MainBicep.ArmTemplateAsync();
        Assert.Equal("", (string?)main["parameters"]!["hlsCdn"]!["defaultValue"]);
        var cdn = Assert.Single(main["resources"]!.AsArray(), resource => (string?)resource!["name"] == "cdn")!;
        Assert.Equal("[equals(parameters('hlsCdn'), 'frontdoor')]", (string?)cdn["condition"]);
        Assert.Contains("format('nginx-rtmp.{0}'", (string?)cdn["properties"]!["parameters"]!["originHostName"]!["value"]);

        // Viewers' HLS address (the Api's Streaming__HlsBaseUrl): Front Door's endpoint when on, nginx-rtmp otherwise.
        var hlsBaseUrl = (string)main["outputs"]!["HLS_BASE_URL"]!["value"]!;
        Assert.StartsWith("[if(equals(parameters('hlsCdn'), 'frontdoor'), format('https://{0}/hls', ", hlsBaseUrl);
        Assert.Contains(".outputs.HOST_NAME.value), format('https://nginx-rtmp.{0}/hls', ", hlsBaseUrl);

        var inner = cdn["properties"]!["template"]!["resources"]!.AsArray().Select(resource => resource!.AsObject()).ToList();
        var profile = Assert.Single(inner, resource => (string?)resource["type"] == "Microsoft.Cdn/profiles");
        Assert.Equal("Standard_AzureFrontDoor", (string?)profile["sku"]!["name"]);
        var route = Assert.Single(inner, resource => (string?)resource["type"] == "Microsoft.Cdn/profiles/afdEndpoints/routes")["properties"]!;
        Assert.Equal(["/hls/*"], route["patternsToMatch"]!.AsArray().Select(pattern => (string?)pattern));
        Assert.Equal("IgnoreQueryString", (string?)route["cacheConfiguration"]!["queryStringCachingBehavior"]);
        // Honour the origin's Cache-Control: no rule set may override the cache duration.
        Assert.DoesNotContain(inner, resource => ((string?)resource["type"])!.Contains("ruleSets", StringComparison.Ordinal));
        var origin = Assert.Single(inner, resource => (string?)resource["type"] == "Microsoft.Cdn/profiles/originGroups/origins")["properties"]!;
        Assert.Equal("[parameters('originHostName')]", (string?)origin["hostName"]);
        Assert.Equal("[parameters('originHostName')]", (string?)origin["originHostHeader"]);

        var parameters = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(MainBicep.Folder, "main.parameters.json")))!;
        Assert.Equal("${AZURE_HLS_CDN}", (string?)parameters["parameters"]!["hlsCdn"]!["value"]);
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
