using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

[Collection(LiveIngestCollection.Name)]
public sealed class HookSecretTests(LiveIngestFixture fixture)
{
    [Theory]
    [InlineData("hooks/publish")]
    [InlineData("hooks/publish?secret=wrong-secret")]
    [InlineData("hooks/update?secret=")]
    [InlineData("hooks/publish-done")]
    [InlineData("hooks/record-done?secret=test-hook-secret-012345678")]
    [InlineData("hooks/play")]
    [InlineData("hooks/ladder-publish?secret=wrong-secret")]
    public async Task HookCallWithoutTheRightSecretIsForbidden(string url)
    {
        var channel = await Channels.CreateAsync(fixture.Api, "secret");
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.PostAsync(url, HookForms.Publish(channel.Name, channel.StreamKey, clientId: "1"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(403, problem!.Status);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
    }

    [Fact]
    public async Task HookWithTheSecretIsAnswered()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "secret-ok");
        using var api = fixture.Api.CreateHttpClient();

        var publish = await api.PostAsync($"hooks/publish?secret={ApiServer.HookSecret}&node=n1", HookForms.Publish(channel.Name, channel.StreamKey, clientId: "7"));
        var done = await api.PostAsync($"hooks/publish-done?secret={ApiServer.HookSecret}&node=n1", HookForms.Publish(channel.Name, channel.StreamKey, clientId: "7", call: "publish_done"));

        Assert.Equal(HttpStatusCode.NoContent, publish.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, done.StatusCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
    }

    [Fact]
    public async Task InvalidNameInAHookIsABadRequestWithProblemDetails()
    {
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.PostAsync($"hooks/publish?secret={ApiServer.HookSecret}", HookForms.Publish("../etc", "k", clientId: "1"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Invalid stream name", problem!.Title);
    }
}
