using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>The record_done hook's <c>path</c> comes from the network: it must name one of the channel's recordings and nothing else.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class RecordDoneHookTests(LiveIngestFixture fixture)
{
    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("{recordings}/../{channel}-1700000000.flv")]
    [InlineData("{recordings}/sub/{channel}-1700000000.flv")]
    [InlineData("{recordings}/other-channel-1700000000.flv")]
    [InlineData("{recordings}/{channel}-1700000000.mp4")]
    [InlineData("relative/{channel}-1700000000.flv")]
    [InlineData("{recordings}/{channel}-1700000001.flv")]
    [InlineData("{recordings}/{channel}-1700000002.flv")]
    public async Task PathOutsideTheChannelsRecordingsIsRefusedAndQueuesNothing(string template)
    {
        var channel = Channels.UniqueName("path");
        var recordings = fixture.Nginx.RecordingsPath;
        File.CreateSymbolicLink(Path.Combine(recordings, $"{channel}-1700000002.flv"), "/etc/hostname"); // a link out
        var path = template.Replace("{recordings}", recordings).Replace("{channel}", channel);
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.PostAsync($"hooks/record-done?secret={ApiServer.HookSecret}&node=test-node", HookForms.RecordDone(channel, path));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Invalid recording path", (await response.Content.ReadFromJsonAsync<ProblemDetails>())!.Title);
        var outbox = await fixture.RedisDatabase.SortedSetRangeByRankAsync(StoreKeys.OutboxDue);
        Assert.DoesNotContain(outbox, member => member.ToString().Contains(channel));
        Assert.True(File.Exists("/etc/hostname"));
    }
}
