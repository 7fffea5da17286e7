using StreamingPlatform.Contracts;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>A recording put straight into the recordings folder (as a crashed nginx leaves one), then optionally announced.</summary>
internal sealed record PlantedRecording(string Channel, string Path)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The broadcast id the pipeline gives a recording no live session claims.</summary>
    public string SessionId => RecordingFileName.OrphanSessionId(FileName);

    public static async Task<PlantedRecording> CreateAsync(string recordingsPath, string prefix, int seconds,
        string videoCodec = TestMedia.H264, string audioCodec = TestMedia.Aac, bool durationInHeader = false)
    {
        var recording = Name(recordingsPath, prefix);
        await TestMedia.MakeFlvAsync(recording.Path, seconds, videoCodec, audioCodec, durationInHeader);
        return recording;
    }

    public static PlantedRecording Name(string recordingsPath, string prefix)
    {
        var channel = Channels.UniqueName(prefix);
        var path = System.IO.Path.Combine(recordingsPath, TestMedia.RecordingName(channel, DateTimeOffset.UtcNow.AddMinutes(-5)));
        return new PlantedRecording(channel, path);
    }

    /// <summary>Posts on_record_done for it through the Api's real hook.</summary>
    public async Task AnnounceAsync(ApiServer api)
    {
        using var client = api.CreateHttpClient();
        var response = await client.PostAsync($"hooks/record-done?secret={ApiServer.HookSecret}&node=test-node", HookForms.RecordDone(Channel, Path));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
    }
}
