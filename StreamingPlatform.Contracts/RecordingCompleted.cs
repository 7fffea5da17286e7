namespace StreamingPlatform.Contracts;

/// <summary>nginx closed a recording of a broadcast (on_record_done): the VodWorker turns it into the broadcast's VOD.</summary>
/// <param name="SessionId">The broadcast's session id.</param>
/// <param name="Channel">The channel's public name.</param>
/// <param name="RecordingPath">The FLV file, validated to lie inside the recordings folder.</param>
/// <param name="StartedAt">When the broadcast started.</param>
/// <param name="EndedAt">When the recording was closed.</param>
public sealed record RecordingCompleted(string SessionId, string Channel, string RecordingPath, DateTimeOffset StartedAt, DateTimeOffset EndedAt);
