using System.Text.Json;
using System.Text.Json.Serialization;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>The JSON of webhook events: what receivers get, and what waits in Redis.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhookEvent))]
[JsonSerializable(typeof(WebhookBody))]
[JsonSerializable(typeof(WebhookDelivery))]
public sealed partial class WebhookJson : JsonSerializerContext;
