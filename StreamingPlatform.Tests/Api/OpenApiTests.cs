using System.Text.Json;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

[Collection(LiveIngestCollection.Name)]
public sealed class OpenApiTests(LiveIngestFixture fixture)
{
    [Fact]
    public async Task OpenApiDocumentDescribesEveryEndpoint()
    {
        using var api = fixture.Api.CreateHttpClient();

        using var document = JsonDocument.Parse(await api.GetStringAsync("openapi/v1.json"));

        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(
            ["/api/admin/channels", "/api/admin/channels/{name}", "/api/admin/channels/{name}/key", "/api/admin/channels/{name}/ladder", "/api/admin/development-channel",
             "/api/admin/webhooks", "/api/admin/webhooks/{id}", "/api/admin/webhooks/{id}/enabled", "/api/config",
             "/api/streams", "/api/streams/{name}", "/api/streams/{name}/master.m3u8", "/api/streams/{name}/realtime", "/api/streams/{name}/realtime/{session}",
             "/api/streams/{name}/realtime/{session}/keepalive", "/api/streams/{name}/realtime/{session}/{handle}/answer",
             "/api/streams/{name}/thumbnail", "/api/streams/{name}/viewers/{viewerId}",
             "/api/vods", "/api/vods/{id}", "/api/vods/{id}/download", "/api/vods/{id}/poster", "/api/vods/{id}/video",
             "/hooks/ladder-publish", "/hooks/play", "/hooks/publish", "/hooks/publish-done", "/hooks/record-done", "/hooks/update"],
            paths.Order(StringComparer.Ordinal));
    }
}
