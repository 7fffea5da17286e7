using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using StreamingPlatform.Tests.Infrastructure;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace StreamingPlatform.Tests.Deployment;

/// <summary>
/// One StreamingPlatform.AppHost/infra/&lt;resource&gt;.tmpl.yaml: the Go template azd renders at deploy time and sends as
/// the container app's body. Rendered here the way azd renders it, with sample values: the same functions (anything else
/// is an error, as it would be for azd) and the same strictness (azd's missingkey=error: an unknown .Env name fails).
/// </summary>
internal sealed partial class ContainerAppTemplate
{
    public const string SampleImage = "acrsample.azurecr.io/streaming-platform/app:azd-deploy-1";
    private const string SampleSecret = "Sample0Secret0Value";
    private const string ParameterReference = "\0parameter:";

    private ContainerAppTemplate(string text) => Text = text;

    public static string Folder => Path.Combine(RepositoryPaths.Root, "StreamingPlatform.AppHost", "infra");

    public string Text { get; }

    /// <summary>The Aspire resources with a template (azd reads infra/&lt;resource&gt;.tmpl.yaml).</summary>
    public static IEnumerable<string> Names =>
        Directory.EnumerateFiles(Folder, "*.tmpl.yaml").Select(file => Path.GetFileName(file)[..^".tmpl.yaml".Length]).Order();

    public static ContainerAppTemplate Load(string name) =>
        new(File.ReadAllText(Path.Combine(Folder, $"{name}.tmpl.yaml")));

    /// <summary>
    /// Renders the template: <paramref name="environment"/> holds what azd has in .Env after provisioning (main.bicep's
    /// outputs and its own values), <paramref name="secureParameters"/> the names {{ securedParameter }} may use.
    /// </summary>
    public JsonObject Render(IReadOnlyDictionary<string, string> environment, IReadOnlySet<string> secureParameters) =>
        Render(environment.GetValueOrDefault, secureParameters.Contains);

    /// <summary>The template rendered with every .Env name and parameter accepted: for reading its structure.</summary>
    public JsonObject RenderForReading() => Render(name => $"sample-{name.ToLowerInvariant().Replace('_', '-')}", _ => true);

    private JsonObject Render(Func<string, string?> environment, Func<string, bool> isSecureParameter)
    {
        var rendered = Expression().Replace(Text, match => Evaluate(match.Groups["expression"].Value.Trim(), environment, isSecureParameter));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(rendered));
        return (JsonObject)ToJson(yaml.Documents.Single().RootNode)!;
    }

    /// <summary>
    /// A Bicep file declaring the rendered body as the Microsoft.App/containerApps resource azd deploys. The values of
    /// the app's secrets become secure parameters of the file: azd fills them from secured parameters at deploy time.
    /// </summary>
    public static string ToBicepResource(string name, JsonObject body)
    {
        var apiVersion = (string)body["api-version"]!;
        var resource = new JsonObject { ["name"] = name };
        foreach (var (key, value) in body.Where(property => property.Key != "api-version"))
        {
            resource[key] = value?.DeepClone();
        }

        var bicep = new StringBuilder();
        var secrets = resource["properties"]?["configuration"]?["secrets"]?.AsArray() ?? [];
        for (var index = 0; index < secrets.Count; index++)
        {
            if (secrets[index]?["value"] is JsonValue)
            {
                bicep.Append($"@secure()\nparam secret{index} string\n\n");
                secrets[index]!["value"] = ParameterReference + $"secret{index}";
            }
        }

        bicep.Append($"resource app 'Microsoft.App/containerApps@{apiVersion}' = ");
        WriteBicep(bicep, resource, 0);
        return bicep.Append('\n').ToString();
    }

    private static string Evaluate(string expression, Func<string, string?> environment, Func<string, bool> isSecureParameter)
    {
        if (EnvReference().Match(expression) is { Success: true } env)
        {
            var name = env.Groups["name"].Value;
            return environment(name)
                ?? throw new InvalidOperationException($"{{{{ {expression} }}}}: azd has no .Env.{name} (not an output of infra/main.bicep)");
        }

        if (expression == ".Image")
        {
            return SampleImage;
        }

        if (TargetPort().Match(expression) is { Success: true } port)
        {
            return port.Groups["port"].Value;
        }

        if (SecuredParameter().Match(expression) is { Success: true } parameter)
        {
            var name = parameter.Groups["name"].Value;
            if (!isSecureParameter(name))
            {
                throw new InvalidOperationException($"{{{{ {expression} }}}}: infra/main.bicep has no secure parameter {name}");
            }

            return parameter.Groups["uri"].Success ? Uri.EscapeDataString(SampleSecret) : SampleSecret;
        }

        throw new InvalidOperationException($"{{{{ {expression} }}}} is not a template expression azd evaluates");
    }

    /// <summary>YAML to JSON as azd's Go YAML reader types it: unquoted true/false, integers and null are not strings.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(child =>
            KeyValuePair.Create(((YamlScalarNode)child.Key).Value!, ToJson(child.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "null" or "~" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain } number when int.TryParse(number.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) =>
            JsonValue.Create(value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"unexpected YAML node {node.NodeType}"),
    };

    private static void WriteBicep(StringBuilder bicep, JsonNode? node, int depth)
    {
        var indent = new string(' ', 2 * (depth + 1));
        switch (node)
        {
            case JsonObject properties:
                bicep.Append("{\n");
                foreach (var (key, value) in properties)
                {
                    bicep.Append(indent).Append(Identifier().IsMatch(key) ? key : Quote(key)).Append(": ");
                    WriteBicep(bicep, value, depth + 1);
                    bicep.Append('\n');
                }

                bicep.Append(' ', 2 * depth).Append('}');
                break;
            case JsonArray items:
                bicep.Append("[\n");
                foreach (var item in items)
                {
                    bicep.Append(indent);
                    WriteBicep(bicep, item, depth + 1);
                    bicep.Append('\n');
                }

                bicep.Append(' ', 2 * depth).Append(']');
                break;
            case null:
                bicep.Append("null");
                break;
            case JsonValue value when value.TryGetValue<bool>(out var flag):
                bicep.Append(flag ? "true" : "false");
                break;
            case JsonValue value when value.TryGetValue<int>(out var number):
                bicep.Append(number.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonValue value when value.TryGetValue<string>(out var text) && text.StartsWith(ParameterReference, StringComparison.Ordinal):
                bicep.Append(text[ParameterReference.Length..]);
                break;
            default:
                bicep.Append(Quote(node.GetValue<string>()));
                break;
        }
    }

    private static string Quote(string text) =>
        "'" + text.Replace("\\", "\\\\").Replace("'", "\\'").Replace("${", "\\${") + "'";

    [GeneratedRegex(@"\{\{(?<expression>.*?)\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\A\.Env\.(?<name>[A-Za-z_][A-Za-z0-9_]*)\z")]
    private static partial Regex EnvReference();

    [GeneratedRegex(@"\AtargetPortOrDefault (?<port>[0-9]+)\z")]
    private static partial Regex TargetPort();

    [GeneratedRegex(@"\A(?:(?<uri>uriEncode) \()?securedParameter ""(?<name>[a-z0-9_]+)""(?(uri)\))\z")]
    private static partial Regex SecuredParameter();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z")]
    private static partial Regex Identifier();
}
