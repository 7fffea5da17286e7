namespace StreamingPlatform.Api.Sessions;

/// <summary>A connection's media clock as Redis keeps it (a hash: the fields are these properties' camel-case names; written by <see cref="MediaClockRepository"/>).</summary>
/// <param name="Owner">The connection (<see cref="PublishSession.Owner"/>) the timestamps belong to.</param>
/// <param name="ConnectedAt">Unix milliseconds.</param>
/// <param name="ZeroAt">Unix milliseconds at which timestamp 0 was sent.</param>
public sealed record StoredMediaClock(string Owner, long ConnectedAt, long ZeroAt, bool Measured)
{
    public MediaClock ToMediaClock(DateTimeOffset now) =>
        new(DateTimeOffset.FromUnixTimeMilliseconds(ConnectedAt), DateTimeOffset.FromUnixTimeMilliseconds(ZeroAt), Measured, now);
}
