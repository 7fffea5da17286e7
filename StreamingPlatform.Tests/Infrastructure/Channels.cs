using System.Net.Http.Json;
using StreamingPlatform.Api.Apis;

namespace StreamingPlatform.Tests.Infrastructure;

internal static class Channels
{
    private static int _counter;

    /// <summary>A channel name no other test uses.</summary>
    public static string UniqueName(string prefix) => $"{prefix}-{Environment.ProcessId % 1000}-{Interlocked.Increment(ref _counter)}";

    /// <summary>Creates a channel through the admin API and returns its credentials.</summary>
    public static async Task<ChannelCredentials> CreateAsync(ApiServer api, string prefix)
    {
        using var admin = api.CreateHttpClient(ApiServer.AdminKey);
        return await CreateAsync(admin, prefix);
    }

    /// <summary>Creates a channel through the admin API of <paramref name="admin"/> (a client sending the admin key).</summary>
    public static async Task<ChannelCredentials> CreateAsync(HttpClient admin, string prefix)
    {
        var response = await admin.PostAsJsonAsync("api/admin/channels", new CreateChannelRequest(UniqueName(prefix)));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ChannelCredentials>())!;
    }
}
