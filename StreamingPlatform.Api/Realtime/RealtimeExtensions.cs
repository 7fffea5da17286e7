using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;
using StreamingPlatform.BroadcastState.Realtime;

namespace StreamingPlatform.Api.Realtime;

public static class RealtimeExtensions
{
    private const string JanusHttpClient = "janus";

    public static IServiceCollection AddRealtimeSignalling(this IServiceCollection services)
    {
        // Janus's long poll carries its API secret in the query: this client logs no request lines.
        services.AddHttpClient(JanusHttpClient, (provider, client) =>
        {
            client.BaseAddress = new Uri(provider.GetRequiredService<IOptions<RealtimeOptions>>().Value.JanusUrl ?? "http://127.0.0.1/");
            client.Timeout = TimeSpan.FromSeconds(40); // above the 30 s long poll
        }).RemoveAllLoggers();
        services.AddSingleton<RealtimeRelays>();
        services.AddSingleton(provider => new RealtimeSignalling(
            new JanusClient(provider.GetRequiredService<IHttpClientFactory>().CreateClient(JanusHttpClient),
                provider.GetRequiredService<IOptions<RealtimeOptions>>().Value.ApiSecret ?? ""),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }
}
