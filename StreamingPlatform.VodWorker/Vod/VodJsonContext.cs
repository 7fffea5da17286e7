using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamingPlatform.VodWorker.Vod;

/// <summary>The catalogue record kept beside each VOD's files (<c>vod/&lt;channel&gt;/&lt;id&gt;.json</c>).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(VodRecord))]
internal sealed partial class VodJsonContext : JsonSerializerContext;
