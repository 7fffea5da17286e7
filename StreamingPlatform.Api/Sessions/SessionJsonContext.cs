using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamingPlatform.Api.Sessions;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(PublishSession))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
