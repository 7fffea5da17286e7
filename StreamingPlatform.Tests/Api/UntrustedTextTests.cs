using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.BroadcastState;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>Text from the network that a lax pattern or a raw field would let through: a trailing newline, a NUL byte.</summary>
[Collection(LiveIngestCollection.Name)]
public sealed class UntrustedTextTests(LiveIngestFixture fixture)
{
    private static string Hook(string path) => $"hooks/{path}?secret={ApiServer.HookSecret}&node=untrusted-tests";

    [Fact]
    public async Task ChannelNameWithATrailingNewlineIsABadRequestAndNothingIsCreated()
    {
        using var admin = fixture.Api.CreateHttpClient(ApiServer.AdminKey);
        var name = Channels.UniqueName("newline");

        var response = await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(name + "\n"));

        await AssertBadRequestAsync(response);
        var listed = await admin.GetStringAsync("api/admin/channels");
        Assert.DoesNotContain(name, listed);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Channel(name + "\n")));
    }

    [Theory]
    [InlineData("publish")]
    [InlineData("update")]
    [InlineData("publish-done")]
    public async Task HookNameWithATrailingNewlineIsABadRequest(string hook)
    {
        var channel = await Channels.CreateAsync(fixture.Api, "hooknl");
        using var api = fixture.Api.CreateHttpClient();

        var response = await api.PostAsync(Hook(hook), HookForms.Publish(channel.Name + "\n", channel.StreamKey, clientId: "41"));

        await AssertBadRequestAsync(response);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name + "\n")));
    }

    [Theory]
    [InlineData("publish", "key")]
    [InlineData("publish", "clientid")]
    [InlineData("publish", "addr")]
    [InlineData("publish", "call")]
    [InlineData("publish", "name")]
    [InlineData("update", "clientid")]
    [InlineData("publish-done", "clientid")]
    [InlineData("record-done", "path")]
    public async Task NulByteInAHookFieldIsABadRequest(string hook, string field)
    {
        var channel = await Channels.CreateAsync(fixture.Api, "nul");
        using var api = fixture.Api.CreateHttpClient();
        var fields = new Dictionary<string, string>
        {
            ["app"] = "live", ["addr"] = "127.0.0.1", ["clientid"] = "42", ["call"] = hook.Replace('-', '_'), ["name"] = channel.Name,
            ["key"] = channel.StreamKey, ["path"] = Path.Combine(fixture.Nginx.RecordingsPath, $"{channel.Name}-1700000000.flv"),
        };
        fields[field] = fields[field][..2] + "\0" + fields[field][2..];

        var response = await api.PostAsync(Hook(hook), new FormUrlEncodedContent(fields));

        await AssertBadRequestAsync(response);
        Assert.False(await fixture.RedisDatabase.KeyExistsAsync(StoreKeys.Session(channel.Name)));
    }

    private static async Task AssertBadRequestAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body); // no stack trace
        Assert.Equal(400, System.Text.Json.JsonSerializer.Deserialize<ProblemDetails>(body, System.Text.Json.JsonSerializerOptions.Web)!.Status);
    }
}
