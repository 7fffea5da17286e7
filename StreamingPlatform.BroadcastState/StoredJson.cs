using System.Text.Json;
using System.Text.Json.Serialization;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.BroadcastState.Vods;

namespace StreamingPlatform.BroadcastState;

/// <summary>The JSON of every stored record: sessions and ladder states in Redis, VOD records beside their files.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = false)]
[JsonSerializable(typeof(PublishSession))]
[JsonSerializable(typeof(VodRecord))]
[JsonSerializable(typeof(LadderState))]
[JsonSerializable(typeof(RestreamTarget))]
[JsonSerializable(typeof(RestreamTargetState))]
public sealed partial class StoredJson : JsonSerializerContext;
