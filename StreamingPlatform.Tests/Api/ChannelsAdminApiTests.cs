using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

[Collection(LiveIngestCollection.Name)]
public sealed class ChannelsAdminApiTests(LiveIngestFixture fixture)
{
    private string PublishHook => $"hooks/publish?secret={ApiServer.HookSecret}&node=admin-tests";

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-admin-key-0123456789")]
    public async Task AdminApiNeedsTheAdminKey(string? key)
    {
        using var client = fixture.Api.CreateHttpClient(key);

        var list = await client.GetAsync("api/admin/channels");
        var create = await client.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(Channels.UniqueName("nokey")));

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, create.StatusCode);
        Assert.Equal("application/problem+json", create.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task CreatedChannelGetsAKeyOnceThatPublishes()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var api = fixture.Api.CreateHttpClient();
        var name = Channels.UniqueName("create");

        var created = await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(name));
        var credentials = (await created.Content.ReadFromJsonAsync<ChannelCredentials>())!;
        var again = await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(name));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("no-store", created.Headers.CacheControl?.ToString());
        Assert.Equal(43, credentials.StreamKey.Length);
        Assert.Equal("rtmp://127.0.0.1:1935/live", credentials.ServerUrl);
        Assert.Equal($"{name}?key={credentials.StreamKey}", credentials.StreamPath);
        Assert.Equal($"rtmp://127.0.0.1:1935/live/{name}?key={credentials.StreamKey}", credentials.PublishUrl);
        Assert.StartsWith("data:image/png;base64,", credentials.PublishQrCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var listed = await admin.GetStringAsync("api/admin/channels");
        Assert.Contains($"\"name\":\"{name}\"", listed);
        Assert.DoesNotContain(credentials.StreamKey, listed);
        var stored = await fixture.RedisDatabase.HashGetAllAsync(StoreKeys.Channel(name));
        Assert.DoesNotContain(stored, field => field.Value.ToString().Contains(credentials.StreamKey));

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync(PublishHook, HookForms.Publish(name, credentials.StreamKey, "c1"))).StatusCode);
    }

    [Theory]
    [InlineData("Has Space")]
    [InlineData("../up")]
    [InlineData("")]
    public async Task InvalidChannelNameIsABadRequest(string name)
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);

        var response = await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(name));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Invalid channel name", problem!.Title);
    }

    [Fact]
    public async Task RotatedKeyReplacesTheOldOne()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "rot");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var api = fixture.Api.CreateHttpClient();

        var rotated = (await (await admin.PostAsync($"api/admin/channels/{channel.Name}/key", null)).Content.ReadFromJsonAsync<ChannelCredentials>())!;

        Assert.NotEqual(channel.StreamKey, rotated.StreamKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync(PublishHook, HookForms.Publish(channel.Name, channel.StreamKey, "c1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync(PublishHook, HookForms.Publish(channel.Name, rotated.StreamKey, "c1"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"api/admin/channels/{Channels.UniqueName("none")}/key", null)).StatusCode);
    }

    [Fact]
    public async Task DeletedChannelCannotPublish()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "del");
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        using var api = fixture.Api.CreateHttpClient();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"api/admin/channels/{channel.Name}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"api/admin/channels/{channel.Name}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync(PublishHook, HookForms.Publish(channel.Name, channel.StreamKey, "c1"))).StatusCode);
        Assert.DoesNotContain($"\"name\":\"{channel.Name}\"", await admin.GetStringAsync("api/admin/channels"));
        Assert.False(await fixture.RedisDatabase.SetContainsAsync(StoreKeys.Channels, channel.Name));
    }

    [Fact]
    public async Task DuplicatePublishHookIsAConflictAndItsPublishDoneEndsNothing()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "conflict");
        using var api = fixture.Api.CreateHttpClient();
        var done = $"hooks/publish-done?secret={ApiServer.HookSecret}&node=admin-tests";

        var first = await api.PostAsync(PublishHook, HookForms.Publish(channel.Name, channel.StreamKey, "c1"));
        var second = await api.PostAsync(PublishHook, HookForms.Publish(channel.Name, channel.StreamKey, "c2"));
        await api.PostAsync(done, HookForms.Publish(channel.Name, channel.StreamKey, "c2", call: "publish_done"));

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("\"clientId\":\"c1\"", (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.Session(channel.Name)));

        await api.PostAsync(done, HookForms.Publish(channel.Name, channel.StreamKey, "c1", call: "publish_done"));
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
    }
}
