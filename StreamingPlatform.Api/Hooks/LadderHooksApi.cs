using Microsoft.AspNetCore.Http.HttpResults;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Ladder;

namespace StreamingPlatform.Api.Hooks;

/// <summary>
/// nginx-rtmp's hooks for RTMP connections other than a publisher's: playing a channel from the live application (on_play)
/// and publishing a rendition to the ladder application (its on_publish). Only the quality ladder's transcoder, by its
/// secret, is let in, and nginx's own push to the dvr application.
/// </summary>
public static class LadderHooksApi
{
    public static IEndpointRouteBuilder MapLadderHooks(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapHookGroup();
        hooks.MapPost("/play", OnPlay)
            .WithName("OnPlay")
            .WithSummary("on_play: may this client play the channel over RTMP? Only the ladder's transcoder and nginx's own push may.");
        hooks.MapPost("/ladder-publish", OnLadderPublish)
            .WithName("OnLadderPublish")
            .WithSummary("on_publish of the ladder application: may this client publish the rendition? Only the ladder's transcoder may.");

        return app;
    }

    public static Task<Results<NoContent, ProblemHttpResult>> OnPlay(
        HttpRequest request, LadderAdmission admission, ILogger<LadderAdmission> logger, CancellationToken cancellationToken) =>
        HookRequest.HandleAsync("play", request, logger, cancellationToken, form =>
            Task.FromResult(LadderAdmission.IsNginxRelay(form.Address) ? TypedResults.NoContent() : Admit("play", form, admission, logger)));

    public static Task<Results<NoContent, ProblemHttpResult>> OnLadderPublish(
        HttpRequest request, LadderAdmission admission, ILogger<LadderAdmission> logger, CancellationToken cancellationToken) =>
        HookRequest.HandleAsync("ladder_publish", request, logger, cancellationToken, form =>
            Task.FromResult(Admit("ladder_publish", form, admission, logger)), renditionName: true);

    private static Results<NoContent, ProblemHttpResult> Admit(string hook, HookForm form, LadderAdmission admission, ILogger logger)
    {
        var refusal = admission.Refusal(form.Name!, form.Token);
        ApiTelemetry.CountLadderAdmission(hook, refusal is null);
        if (refusal is not null)
        {
            HookLog.LadderRefused(logger, hook, form.Name!, form.Address, refusal);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Not the ladder's transcoder",
                detail: "Watch over HLS (the stream API's hlsUrl); only the quality ladder's transcoder plays or publishes renditions over RTMP.");
        }

        HookLog.LadderAdmitted(logger, hook, form.Name!, form.ClientId);
        return TypedResults.NoContent();
    }
}
