using StreamingPlatform.Api.Hooks;
using StreamingPlatform.BroadcastState.Sessions;

namespace StreamingPlatform.Api.Sessions;

/// <summary>
/// What a publish with a stream key came to (<see cref="SessionRepository.PublishWithKeyAsync"/>): the outcome, the session
/// now live and whether it wants the ladder (accepted only), and the trace context of the channel's broadcast in its
/// reconnect grace window, if any.
/// </summary>
public sealed record KeyedPublish(PublishOutcome Outcome, string? ResumableTraceParent, PublishSession? Session = null, bool Ladder = false);
