using System.Text.Json.Nodes;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>Reading a rendered container app body (the JSON azd sends for a .tmpl.yaml).</summary>
internal static class ContainerApp
{
    public static JsonObject Container(this JsonObject app) =>
        Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    public static JsonObject Ingress(this JsonObject app) => app["properties"]!["configuration"]!["ingress"]!.AsObject();

    public static JsonObject Scale(this JsonObject app) => app["properties"]!["template"]!["scale"]!.AsObject();

    /// <summary>The container's environment: name to its value, or to "secretRef:&lt;secret&gt;".</summary>
    public static Dictionary<string, string> Environment(this JsonObject app) =>
        app.Container()["env"]!.AsArray().ToDictionary(
            variable => (string)variable!["name"]!,
            variable => variable!["secretRef"] is { } secret ? $"secretRef:{secret}" : (string)variable["value"]!);

    public static IEnumerable<string> SecretNames(this JsonObject app) =>
        app["properties"]!["configuration"]!["secrets"]?.AsArray().Select(secret => (string)secret!["name"]!) ?? [];

    public static IEnumerable<JsonObject> VolumeMounts(this JsonObject app) =>
        app.Container()["volumeMounts"]?.AsArray().Select(mount => mount!.AsObject()) ?? [];

    public static JsonObject Volume(this JsonObject app, string name) =>
        Assert.Single(app["properties"]!["template"]!["volumes"]!.AsArray(), volume => (string?)volume!["name"] == name)!.AsObject();

    /// <summary>Every container port the ingress opens: the main target port and the additional port mappings.</summary>
    public static IEnumerable<int> TargetPorts(this JsonObject app) =>
        app.Ingress()["additionalPortMappings"]?.AsArray().Select(mapping => (int)mapping!["targetPort"]!)
            .Prepend((int)app.Ingress()["targetPort"]!) ?? [(int)app.Ingress()["targetPort"]!];
}
