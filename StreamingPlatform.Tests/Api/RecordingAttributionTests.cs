using System.Net;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>Which broadcast a recording belongs to must not depend on the order nginx's hooks arrive in.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RecordingAttributionTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task RecordingOfADroppedConnectionJoinsTheBroadcastItsPhoneResumedEvenWhenItArrivesLast()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "late");
        using var api = fixture.Api.CreateHttpClient();
        var hooks = $"secret={ApiServer.HookSecret}&node=attribution";
        var recording = new PlantedRecording(channel.Name,
            Path.Combine(fixture.Nginx.RecordingsPath, TestMedia.RecordingName(channel.Name, DateTimeOffset.UtcNow.AddSeconds(-30))));
        await TestMedia.MakeFlvAsync(recording.Path, 2);

        // The phone publishes on connection 1, drops, and reconnects on connection 2 within the grace window...
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "1"))).StatusCode);
        var broadcast = await SessionIdAsync(channel.Name);
        await api.PostAsync($"hooks/publish-done?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "1", call: "publish_done"));
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "2"))).StatusCode);
        Assert.Equal(broadcast, await SessionIdAsync(channel.Name));

        // ...and only then does connection 1's record_done arrive.
        var recordDone = await api.PostAsync($"hooks/record-done?{hooks}", HookForms.RecordDone(channel.Name, recording.Path, clientId: "1"));

        Assert.Equal(HttpStatusCode.NoContent, recordDone.StatusCode);
        Assert.Contains(recording.FileName, (await fixture.RedisDatabase.SortedSetRangeByRankAsync(StoreKeys.Recordings(broadcast))).Select(v => v.ToString()));
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Recordings(recording.SessionId)), "the recording became an orphan broadcast");

        await api.PostAsync($"hooks/publish-done?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "2", call: "publish_done"));
    }

    private async Task<string> SessionIdAsync(string channel)
    {
        var json = (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel));
        Assert.NotNull(json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("id").GetString()!;
    }
}
