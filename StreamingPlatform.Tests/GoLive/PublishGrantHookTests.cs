using System.Net;
using Microsoft.Extensions.DependencyInjection;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.GoLive;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.GoLive;

/// <summary>The publish hook with a grant, as the Api's FFmpeg shows it to nginx: once, for its channel's current key.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class PublishGrantHookTests(LiveIngestFixture fixture)
{
    private const string Hooks = $"secret={ApiServer.HookSecret}&node=grant";

    [Fact]
    public async Task AGrantPublishesOnceAndItsHeartbeatsAreRefusedOnceTheKeyIsRotated()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "grant");
        using var api = fixture.Api.CreateHttpClient();
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var (grant, grantId) = await GrantAsync(channel.Name);

        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{Hooks}", HookForms.Publish(channel.Name, null, "1", grant: grant))).StatusCode);
        Assert.Equal("accepted", (string?)await fixture.RedisDatabase.StringGetAsync(StoreKeys.GoLiveGrant(grantId)));
        await api.PostAsync($"hooks/publish-done?{Hooks}", HookForms.Publish(channel.Name, null, "1", "publish_done", grant));

        // Read off FFmpeg's command line, the grant publishes nothing more, not even a resume within the grace window.
        var again = await api.PostAsync($"hooks/publish?{Hooks}", HookForms.Publish(channel.Name, null, "2", grant: grant));
        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Contains("Invalid publish grant", await again.Content.ReadAsStringAsync());
        Assert.Contains($"Publish grant refused: channel {channel.Name}, publish grant already used", fixture.Api.Logs.All);

        // A fresh grant's connection keeps its heartbeats until the channel's key changes.
        var (fresh, _) = await GrantAsync(channel.Name);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/publish?{Hooks}", HookForms.Publish(channel.Name, null, "3", grant: fresh))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.PostAsync($"hooks/update?{Hooks}", HookForms.Publish(channel.Name, null, "3", "update_publish", fresh))).StatusCode);
        Assert.True((await admin.PostAsync($"api/admin/channels/{channel.Name}/key", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync($"hooks/update?{Hooks}", HookForms.Publish(channel.Name, null, "3", "update_publish", fresh))).StatusCode);
        Assert.DoesNotContain(fresh, fixture.Api.Logs.All);
    }

    [Fact]
    public async Task AGrantOfAnotherChannelOrAnExpiredOneIsRefused()
    {
        var channel = await Channels.CreateAsync(fixture.Api, "grantother");
        var other = await Channels.CreateAsync(fixture.Api, "grantmine");
        using var api = fixture.Api.CreateHttpClient();
        var (grant, _) = await GrantAsync(other.Name);
        var stored = await fixture.Api.Services.GetRequiredService<ChannelRepository>().GetKeyHashAsync(channel.Name);
        var (expired, _) = PublishGrant.Create(ApiServer.HookSecret, channel.Name, stored!, DateTimeOffset.UtcNow - PublishGrant.Lifetime - TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync($"hooks/publish?{Hooks}", HookForms.Publish(channel.Name, null, "1", grant: grant))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PostAsync($"hooks/publish?{Hooks}", HookForms.Publish(channel.Name, null, "2", grant: expired))).StatusCode);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
    }

    private async Task<(string Grant, string Id)> GrantAsync(string channel)
    {
        var stored = await fixture.Api.Services.GetRequiredService<ChannelRepository>().GetKeyHashAsync(channel);
        return PublishGrant.Create(ApiServer.HookSecret, channel, stored!, DateTimeOffset.UtcNow);
    }
}
