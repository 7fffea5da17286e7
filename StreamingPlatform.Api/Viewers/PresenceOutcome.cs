namespace StreamingPlatform.Api.Viewers;

/// <summary>What became of one presence report (the <c>streaming.viewer.reports</c> outcome).</summary>
public enum PresenceOutcome
{
    Counted = 1,
    AddressCapReached = 2,
    ChannelCapReached = 3,
}

/// <param name="Viewers">The channel's viewers after the report.</param>
public readonly record struct PresenceResult(PresenceOutcome Outcome, long Viewers);
