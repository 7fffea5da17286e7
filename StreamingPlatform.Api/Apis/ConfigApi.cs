using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Apis;

/// <summary>The public settings the viewer pages show, so no page hard-codes an address.</summary>
public static class ConfigApi
{
    public static IEndpointRouteBuilder MapConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/config", GetPublicConfig)
            .WithTags("Config")
            .WithName("GetPublicConfig")
            .WithSummary("Where publishers send RTMP (the Api's Streaming:RtmpBaseUrl); no secrets.");
        return app;
    }

    public static Ok<PublicConfig> GetPublicConfig(IOptions<StreamingOptions> options) =>
        TypedResults.Ok(new PublicConfig(options.Value.RtmpBaseUrl.TrimEnd('/')));
}

/// <summary>What any visitor may know of the deployment.</summary>
public sealed record PublicConfig(string RtmpBaseUrl);
