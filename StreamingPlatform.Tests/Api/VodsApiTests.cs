using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

[Collection(LiveIngestCollection.Name)]
public sealed class VodsApiTests(LiveIngestFixture fixture)
{
    [Theory]
    [InlineData("api/vods?channel=Bad.Name")]
    [InlineData("api/vods?page=0")]
    [InlineData("api/vods?pageSize=101")]
    public async Task BadListQueriesAreBadRequests(string url)
    {
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("api/vods/0123456789abcdef0123456789abcdef")]
    [InlineData("api/vods/0123456789abcdef0123456789abcdef/video")]
    [InlineData("api/vods/..%2F..%2Fetc/poster")]
    [InlineData("api/vods/UPPER")]
    public async Task UnknownVodsAreNotFound(string url)
    {
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task VodsAreListedNewestFirstPagedAndDeletedOnlyWithTheAdminKey()
    {
        var older = await PlantedRecording.CreateAsync(fixture.Nginx.RecordingsPath, "page", seconds: 2);
        var newer = new PlantedRecording(older.Channel, Path.Combine(fixture.Nginx.RecordingsPath, TestMedia.RecordingName(older.Channel, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await TestMedia.MakeFlvAsync(newer.Path, 2);
        await older.AnnounceAsync(fixture.Api);
        await newer.AnnounceAsync(fixture.Api);
        using var api = fixture.Api.CreateHttpClient();
        await Vods.WaitAsync(api, older.Channel, v => v.Id == older.SessionId && v.Status == "ready", TimeSpan.FromSeconds(40));
        await Vods.WaitAsync(api, older.Channel, v => v.Id == newer.SessionId && v.Status == "ready", TimeSpan.FromSeconds(40));

        var firstPage = await api.GetFromJsonAsync<VodPage>($"api/vods?channel={older.Channel}&pageSize=1");
        var secondPage = await api.GetFromJsonAsync<VodPage>($"api/vods?channel={older.Channel}&pageSize=1&page=2");
        Assert.Equal(2, firstPage!.Total);
        Assert.Equal(newer.SessionId, Assert.Single(firstPage.Items).Id);
        Assert.Equal(older.SessionId, Assert.Single(secondPage!.Items).Id);
        var download = await api.GetAsync($"api/vods/{older.SessionId}/download");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        Assert.Equal(HttpStatusCode.Unauthorized, (await api.DeleteAsync($"api/vods/{older.SessionId}")).StatusCode);
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/vods/{older.SessionId}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"api/vods/{older.SessionId}")).StatusCode);
        Assert.False(File.Exists(Path.Combine(fixture.VodPath, older.Channel, $"{older.SessionId}.mp4")));
        Assert.False(File.Exists(Path.Combine(fixture.VodPath, older.Channel, $"{older.SessionId}.json")), "its catalogue record would bring it back");
        Assert.True(File.Exists(Path.Combine(fixture.VodPath, older.Channel, $"{newer.SessionId}.json")));
        Assert.Equal(newer.SessionId, Assert.Single(await Vods.ListAsync(api, older.Channel)).Id);
    }
}
