using Microsoft.Extensions.Time.Testing;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Sessions;

namespace StreamingPlatform.Tests.Api;

public sealed class PublishSessionTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void SessionStartsAtTheClocksTime()
    {
        var session = PublishSession.Start("phone", "node-a", "17", _time);

        Assert.Equal(_time.GetUtcNow(), session.StartedAt);
        Assert.Equal(TimeSpan.Zero, session.LiveFor(_time));

        _time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(TimeSpan.FromMinutes(90), session.LiveFor(_time));
    }

    [Fact]
    public void OwnerIsNodeAndClientIdTogether()
    {
        var onA = PublishSession.Start("phone", "node-a", "17", _time);
        var onB = PublishSession.Start("phone", "node-b", "17", _time);

        Assert.Equal("node-a/17", onA.Owner);
        Assert.NotEqual(onA.Owner, onB.Owner);
        Assert.Equal(onA.Owner, PublishSession.OwnerOf("node-a", "17"));
    }

    [Fact]
    public void SessionIdsAreUniqueAndOrderedByStartTime()
    {
        var first = PublishSession.Start("phone", "n", "1", _time);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        var second = PublishSession.Start("phone", "n", "1", _time);

        Assert.NotEqual(first.Id, second.Id);
        Assert.True(string.CompareOrdinal(first.Id, second.Id) < 0);
    }

    [Fact]
    public void SessionIdIsAVersion7UuidOfItsStartTime()
    {
        var session = PublishSession.Start("phone", "n", "1", _time);

        var id = Guid.ParseExact(session.Id, "N");
        Assert.Equal(session.Id, id.ToString("N"));
        Assert.Equal(7, id.Version);
        Assert.Equal(0b10, id.Variant >> 2);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeMilliseconds(), Convert.ToInt64(session.Id[..12], 16));
        Assert.Equal(Guid.CreateVersion7(_time.GetUtcNow()).ToString("N")[..13], session.Id[..13]);
    }
}
