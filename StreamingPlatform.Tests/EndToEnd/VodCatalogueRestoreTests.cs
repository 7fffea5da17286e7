using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.EndToEnd;

/// <summary>Redis loses the VOD catalogue (flushed); the VodWorker rebuilds it from the records beside the VODs.</summary>
[Collection(ApiRestartCollection.Name)]
public sealed class VodCatalogueRestoreTests(ApiRestartFixture fixture)
{
    [Fact]
    public async Task FlushedCatalogueComesBackCompleteWhenTheWorkerRestartsFailedEntriesIncluded()
    {
        using var api = fixture.Api.CreateHttpClient();
        var good = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "restore", seconds: 3);
        var bad = PlantedRecording.Name(fixture.Nginx.RecordingsPath, "restore-bad");
        await File.WriteAllTextAsync(bad.Path, "not a video at all");
        await AnnounceAsync(api, good);
        await AnnounceAsync(api, bad);
        var ready = await Vods.WaitAsync(api, good.Channel, v => v.Status == "ready", TimeSpan.FromSeconds(40));
        var failed = await Vods.WaitAsync(api, bad.Channel, v => v.Status == "failed", TimeSpan.FromSeconds(40));
        Assert.True(File.Exists(Path.Combine(fixture.Nginx.RecordingsPath, "failed", bad.FileName)));

        await fixture.RedisAdmin.FlushAllDatabasesAsync();
        Assert.Empty(await Vods.ListAsync(api, good.Channel));
        Assert.Empty(await Vods.ListAsync(api, bad.Channel));

        await fixture.Worker.KillAsync();
        await fixture.Worker.StartAgainAsync();

        Assert.Equal(ready, await Vods.WaitAsync(api, good.Channel, v => v.Id == ready.Id, TimeSpan.FromSeconds(20)));
        Assert.Equal(failed, await Vods.WaitAsync(api, bad.Channel, v => v.Id == failed.Id, TimeSpan.FromSeconds(20)));
        Assert.Single(await Vods.ListAsync(api, good.Channel));
        Assert.Equal("video/mp4", (await api.GetAsync(ready.VideoUrl)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task DeletedVodStaysDeletedWhenTheCatalogueIsRebuilt()
    {
        using var api = fixture.Api.CreateHttpClient();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var recording = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "deleted", seconds: 2);
        await AnnounceAsync(api, recording);
        var vod = await Vods.WaitAsync(api, recording.Channel, v => v.Status == "ready", TimeSpan.FromSeconds(40));
        // Its job done first (the recording cleaned up): a recording still in the folder when Redis loses its data looks
        // unannounced, so the Api's reconciler attaches it again and the VOD is built anew; this test is about the records.
        await Eventually.TrueAsync(() => Task.FromResult(!File.Exists(recording.Path)), TimeSpan.FromSeconds(20), "the recording to be cleaned up");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/vods/{vod.Id}")).StatusCode);
        await fixture.RedisAdmin.FlushAllDatabasesAsync();
        await fixture.Worker.KillAsync();
        await fixture.Worker.StartAgainAsync();

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Worker.Output.Contains("restored from the", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the worker's catalogue restore");
        Assert.Empty(await Vods.ListAsync(api, recording.Channel));
    }

    [Fact]
    public async Task DeletedVodOfABroadcastThatMayStillContinueStaysDeletedWhenRedisLosesItsData()
    {
        using var api = fixture.Api.CreateHttpClient();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var channel = await Channels.CreateAsync(admin, "deleted-live");
        var hooks = $"secret={ApiServer.HookSecret}&node=test-node";
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{hooks}", HookForms.Publish(channel.Name, channel.StreamKey, "1"))).StatusCode);
        var recording = new PlantedRecording(channel.Name,
            Path.Combine(fixture.Nginx.RecordingsPath, TestMedia.RecordingName(channel.Name, DateTimeOffset.UtcNow.AddSeconds(-30))));
        await TestMedia.MakeFlvAsync(recording.Path, 2);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await api.PostAsync($"hooks/record-done?{hooks}", HookForms.RecordDone(channel.Name, recording.Path, clientId: "1"))).StatusCode);
        var vod = await Vods.WaitAsync(api, channel.Name, v => v.Status == "ready", TimeSpan.FromSeconds(40));
        Assert.True(File.Exists(recording.Path), "the recording is kept while its broadcast may continue");

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/vods/{vod.Id}")).StatusCode);
        Assert.False(File.Exists(recording.Path), "a recording left behind is attached again by the Api's reconciler once Redis lost its data");

        await fixture.RedisAdmin.FlushAllDatabasesAsync();
        // Long enough for several passes of the Api's reconciler (every second here) and a VOD build of 2 s of media.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Empty(await Vods.ListAsync(api, channel.Name));
    }

    private static async Task AnnounceAsync(HttpClient api, PlantedRecording recording)
    {
        var response = await api.PostAsync($"hooks/record-done?secret={ApiServer.HookSecret}&node=test-node",
            HookForms.RecordDone(recording.Channel, recording.Path));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }
}
