using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Apis;

/// <summary>
/// The development channel's set-up for its owner: the key is a secret of this machine (the AppHost generates it), so
/// it is shown behind the admin key on /admin rather than printed anywhere.
/// </summary>
public static class DevelopmentChannelApi
{
    public static IEndpointRouteBuilder MapDevelopmentChannelApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/admin/development-channel", GetDevelopmentChannel)
            .WithTags("Admin")
            .WithName("GetDevelopmentChannel")
            .WithSummary("The development channel's phone set-up (server, stream key, address, QR code) while its key is still the configured one.")
            .AddEndpointFilter<AdminKeyFilter>();
        return app;
    }

    public static async Task<Results<Ok<ChannelCredentials>, ProblemHttpResult>> GetDevelopmentChannel(
        IOptions<DevelopmentChannelOptions> development, IOptions<StreamingOptions> streaming, ChannelRepository channels, HttpResponse response)
    {
        if (!development.Value.IsConfigured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No development channel",
                detail: "Channels:Development is not configured (the AppHost configures it in development).");
        }

        var (name, key) = (development.Value.Name!, development.Value.Key!);
        if (await channels.GetKeyHashAsync(name) is not { } stored || !StreamKey.Verify(key, stored))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Development channel changed",
                detail: $"'{name}' no longer has the configured key (rotated or deleted here): rotate its key in the channel list for a new one.");
        }

        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(ChannelsAdminApi.Credentials(name, key, streaming.Value));
    }
}
