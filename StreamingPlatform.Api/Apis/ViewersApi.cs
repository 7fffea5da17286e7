using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using OpenTelemetry.Instrumentation.AspNetCore;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>
/// Presence: HLS requests never reach the Api, so a playing watch page reports itself every few seconds with an
/// anonymous id of its tab; the counts are in <c>GET /api/streams</c>.
/// </summary>
public static class ViewersApi
{
    private const string PresencePathSuffix = "/viewers/";

    public static IEndpointRouteBuilder MapViewersApi(this IEndpointRouteBuilder app)
    {
        app.MapPost($"{StreamsApi.Route}/{{name}}{PresencePathSuffix}{{viewerId}}", ReportPresence)
            .WithTags("Streams")
            .WithName("ReportPresence")
            .WithSummary("A watch page playing the live channel says it is there; it counts as a viewer until a few seconds after its last report.");

        return app;
    }

    /// <summary>
    /// Every playing tab reports every few seconds: a trace each (and Redis spans below it) would bury the real ones.
    /// Without a recorded parent the Redis client spans are not made either.
    /// </summary>
    public static IServiceCollection UntracePresenceReports(this IServiceCollection services) =>
        services.Configure<AspNetCoreTraceInstrumentationOptions>(options =>
        {
            var filter = options.Filter;
            options.Filter = context => !IsPresenceReport(context.Request) && (filter?.Invoke(context) ?? true);
        });

    private static bool IsPresenceReport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method)
        && request.Path.StartsWithSegments(StreamsApi.Route)
        && request.Path.Value!.Contains(PresencePathSuffix, StringComparison.Ordinal);

    public static async Task<Results<Ok<PresenceAnswer>, ProblemHttpResult>> ReportPresence(
        string name, string viewerId, HttpContext context, SessionRepository sessions, ViewerRepository viewers, RefusalLog refusals,
        IOptions<ViewerOptions> options)
    {
        if (!StreamName.IsValid(name))
        {
            ViewerTelemetry.CountReport("invalid_name");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        if (!ViewerId.IsValid(viewerId))
        {
            ViewerTelemetry.CountReport("invalid_id");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid viewer id", detail: $"{ViewerId.Rule}.");
        }

        if (await sessions.GetAsync(name) is not { } session)
        {
            ViewerTelemetry.CountReport("not_live");
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not live", detail: $"No one is live on '{name}' now.");
        }

        var address = ClientAddress.Of(context.Connection.RemoteIpAddress);
        var result = await viewers.ReportAsync(name, session.Id, viewerId, address);
        if (result.Outcome != PresenceOutcome.Counted)
        {
            ViewerTelemetry.CountReport(result.Outcome == PresenceOutcome.AddressCapReached ? "address_cap" : "channel_cap");
            refusals.Refused(name, result.Outcome, address);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many viewers",
                detail: result.Outcome == PresenceOutcome.AddressCapReached
                    ? $"Your address already counts {options.Value.PerAddressCap} viewers of '{name}'; more are not counted."
                    : $"'{name}' already counts the most viewers it may ({options.Value.PerChannelCap}); more are not counted.");
        }

        ViewerTelemetry.CountReport("counted");
        return TypedResults.Ok(new PresenceAnswer(result.Viewers, options.Value.ReportIntervalSeconds));
    }
}

/// <param name="Viewers">The channel's viewers now, this one included.</param>
/// <param name="ReportEverySeconds">When to report again.</param>
public sealed record PresenceAnswer(long Viewers, int ReportEverySeconds);
