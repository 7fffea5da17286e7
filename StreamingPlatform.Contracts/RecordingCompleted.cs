namespace StreamingPlatform.Contracts;

/// <summary>nginx closed a recording of a broadcast (on_record_done): the VodWorker turns it into the broadcast's VOD.</summary>
/// <param name="SessionId">The broadcast's session id, which is also its VOD's id.</param>
/// <param name="Channel">The channel's public name.</param>
/// <param name="FileName">The recording's file name in the recordings folder (<see cref="RecordingFileName"/>).</param>
public sealed record RecordingCompleted(string SessionId, string Channel, string FileName);
