using System.Net;
using System.Net.Http.Json;
using StackExchange.Redis;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.Api;

/// <summary>
/// The development channel's key is a secret of the machine (the AppHost's generated parameter): /admin shows it behind
/// the admin key, no log line carries it, and a channel still keyed by the key the README once printed gets it.
/// </summary>
public sealed class DevelopmentChannelTests : IAsyncLifetime
{
    private const string Name = "phone";
    private const string Key = "machine-generated-development-key-0123456789";
    private RedisServer _redis = null!;
    private ChannelRepository _channels = null!;
    private ConnectionMultiplexer _client = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _client = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _channels = new ChannelRepository(_client);
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task TheAdminSeesTheChannelsSetUpAndNobodyElseDoes()
    {
        await using var api = Start();
        using var admin = api.CreateHttpClient(ApiServer.AdminKey);
        using var anonymous = api.CreateHttpClient();

        var setUp = await Eventually.GetAsync(async () =>
            await admin.GetAsync("api/admin/development-channel") is { StatusCode: HttpStatusCode.OK } response
                ? await response.Content.ReadFromJsonAsync<ChannelCredentials>()
                : null, TimeSpan.FromSeconds(20), "the development channel's set-up");

        Assert.Equal(Name, setUp.Name);
        Assert.Equal(Key, setUp.StreamKey);
        Assert.Equal($"rtmp://127.0.0.1:1935/live/{Name}?key={Key}", setUp.PublishUrl);
        Assert.StartsWith("data:image/png;base64,", setUp.PublishQrCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/admin/development-channel")).StatusCode);
        Assert.DoesNotContain(Key, api.Logs.All);
    }

    [Fact]
    public async Task AfterARotationTheConfiguredKeyIsNoLongerShown()
    {
        await using var api = Start();
        using var admin = api.CreateHttpClient(ApiServer.AdminKey);
        await Eventually.TrueAsync(async () => (await admin.GetAsync("api/admin/development-channel")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(20), "the development channel");

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"api/admin/channels/{Name}/key", null)).StatusCode);
        var answer = await admin.GetAsync("api/admin/development-channel");

        Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(Key, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AChannelStillKeyedByTheKeyTheReadmePrintedGetsThisMachinesKey()
    {
        Assert.True(await _channels.TryCreateAsync(Name, StreamKey.Hash(Name, DevelopmentChannelOptions.PublishedKey), DateTimeOffset.UtcNow));

        await using var api = Start();

        await Eventually.TrueAsync(async () => await _channels.GetKeyHashAsync(Name) is { } stored && StreamKey.Verify(Key, stored),
            TimeSpan.FromSeconds(20), "the channel keyed by this machine's key");
        Assert.False(StreamKey.Verify(DevelopmentChannelOptions.PublishedKey, (await _channels.GetKeyHashAsync(Name))!));
        Assert.DoesNotContain(Key, api.Logs.All);
    }

    [Fact]
    public async Task AChannelWithAKeyOfItsOwnKeepsIt()
    {
        const string own = "a-key-the-owner-chose-0123456789";
        Assert.True(await _channels.TryCreateAsync(Name, StreamKey.Hash(Name, own), DateTimeOffset.UtcNow));

        await using var api = Start();
        using var admin = api.CreateHttpClient(ApiServer.AdminKey);

        await Eventually.TrueAsync(async () => (await admin.GetAsync("api/admin/development-channel")).StatusCode == HttpStatusCode.Conflict,
            TimeSpan.FromSeconds(20), "the set-up refused: the channel has another key");
        Assert.True(StreamKey.Verify(own, (await _channels.GetKeyHashAsync(Name))!));
    }

    private ApiServer Start() => ApiServer.Start(_redis.ConnectionString, FreePort.Next(), new Dictionary<string, string>
    {
        ["Channels:Development:Name"] = Name,
        ["Channels:Development:Key"] = Key,
    });
}
