using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.Contracts;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Restream;

/// <summary>
/// Restream targets for operators (admin key): add a platform's server address and stream key to a channel, list the
/// targets with how each is doing, switch one on or off, remove it. The key is sealed before it is stored
/// (<see cref="RestreamKeySeal"/>) and never returned. The same list is part of the stream API for operators.
/// </summary>
public static partial class RestreamApi
{
    public static IEndpointRouteBuilder MapRestreamApi(this IEndpointRouteBuilder app)
    {
        var targets = app.MapGroup("/api/admin/channels/{name}/restream-targets")
            .WithTags("Admin")
            .AddEndpointFilter<AdminKeyFilter>();

        targets.MapGet("/", ListTargets)
            .WithName("ListRestreamTargets")
            .WithSummary("The channel's restream targets and how each is doing (stopped, connecting, live, retrying with the last error). Keys are never returned.");
        targets.MapPost("/", AddTarget)
            .WithName("AddRestreamTarget")
            .WithSummary("Adds a target (a name, an rtmp:// or rtmps:// server address, a stream key); enabled, it gets a copy of every broadcast of the channel.");
        targets.MapPut("/{id}/enabled", SetEnabled)
            .WithName("SetRestreamTargetEnabled")
            .WithSummary("Switches a target on or off; a live channel starts or stops sending to it within seconds.");
        targets.MapDelete("/{id}", RemoveTarget)
            .WithName("RemoveRestreamTarget")
            .WithSummary("Removes a target and its stored key.");

        app.MapGet("/api/streams/{name}/restream", ListTargets)
            .WithTags("Streams")
            .AddEndpointFilter<AdminKeyFilter>()
            .WithName("GetStreamRestream")
            .WithSummary("For operators (admin key): the stream's restream targets and how each is doing.");

        return app;
    }

    public static async Task<Results<Ok<RestreamTargetView[]>, ProblemHttpResult>> ListTargets(
        string name, ChannelRepository channels, RestreamTargets targets, RestreamStates states, SessionRepository sessions)
    {
        if (!StreamName.IsValid(name))
        {
            return ChannelsAdminApi.InvalidName();
        }

        if (!await channels.ExistsAsync(name))
        {
            return ChannelsAdminApi.NotFound(name);
        }

        var stored = await targets.ListAsync(name);
        var session = await sessions.GetAsync(name);
        IReadOnlyList<RestreamTargetState?> running = session is null ? [] : await states.ReadAsync(session.Id, stored.Select(t => t.Id).ToList());
        return TypedResults.Ok(stored.Select((t, i) => View(t, session is null ? null : running[i], live: session is not null)).ToArray());
    }

    public static async Task<Results<Created<RestreamTargetView>, ProblemHttpResult>> AddTarget(
        string name, AddRestreamTargetRequest request, ChannelRepository channels, RestreamTargets targets, IOptions<RestreamOptions> options,
        TimeProvider time, HttpResponse response, ILogger<RestreamTargets> logger)
    {
        if (!StreamName.IsValid(name))
        {
            return ChannelsAdminApi.InvalidName();
        }

        if (options.Value.Secret is not { } secret)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Restreaming is not configured",
                detail: $"Set {SettingNames.RestreamSecret} on the Api and the VodWorker (the AppHost's restream-secret parameter).");
        }

        var validAddress = RestreamAddress.TryParse(request.Url, out var address);
        var problem = !RestreamTargetRules.IsValidName(request.Name) ? RestreamTargetRules.NameRule
            : !validAddress ? RestreamAddress.Rule
            : !RestreamTargetRules.IsValidKey(request.StreamKey) ? RestreamTargetRules.KeyRule
            : null;
        if (problem is not null)
        {
            RestreamLog.Refused(logger, name, problem);
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid restream target", detail: $"{problem}.");
        }

        if (!await channels.ExistsAsync(name))
        {
            return ChannelsAdminApi.NotFound(name);
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var target = new RestreamTarget(id, request.Name!, address!.TcUrl, Enabled: true, time.GetUtcNow(),
            new RestreamKeySeal(secret).Seal(name, id, request.StreamKey!));
        if (!await targets.TryAddAsync(name, target))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Too many restream targets",
                detail: $"A channel has at most {RestreamTargetRules.MaxTargetsPerChannel} restream targets; remove one first.");
        }

        RestreamLog.Added(logger, name, target.Name, id, target.Url);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/admin/channels/{name}/restream-targets/{id}", View(target, null, live: false));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetEnabled(
        string name, string id, RestreamEnabledRequest request, RestreamTargets targets, ILogger<RestreamTargets> logger)
    {
        if (Invalid(name, id) is { } problem)
        {
            return problem;
        }

        if (!await targets.TrySetEnabledAsync(name, id, request.Enabled))
        {
            return NoTarget(name, id);
        }

        RestreamLog.Switched(logger, name, id, request.Enabled ? "on" : "off");
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveTarget(
        string name, string id, RestreamTargets targets, ILogger<RestreamTargets> logger)
    {
        if (Invalid(name, id) is { } problem)
        {
            return problem;
        }

        if (!await targets.RemoveAsync(name, id))
        {
            return NoTarget(name, id);
        }

        RestreamLog.Removed(logger, name, id);
        return TypedResults.NoContent();
    }

    /// <summary>Off or not live: stopped. Live with no worker's state yet: connecting.</summary>
    private static RestreamTargetView View(RestreamTarget target, RestreamTargetState? state, bool live) =>
        !target.Enabled || !live
            ? new(target.Id, target.Name, target.Url, target.Enabled, target.CreatedAt, RestreamTargetState.Stopped)
            : state is null
                ? new(target.Id, target.Name, target.Url, target.Enabled, target.CreatedAt, RestreamTargetState.Connecting)
                : new(target.Id, target.Name, target.Url, target.Enabled, target.CreatedAt, state.State, state.LastError, state.Since, state.BytesSent, state.Restarts);

    private static ProblemHttpResult? Invalid(string name, string id) =>
        !StreamName.IsValid(name) ? ChannelsAdminApi.InvalidName()
        : !TargetIdRegex().IsMatch(id) ? TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid target id", detail: "A target id is 12 lowercase hexadecimal digits.")
        : null;

    private static ProblemHttpResult NoTarget(string name, string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such restream target", detail: $"Channel '{name}' has no restream target '{id}'.");

    [GeneratedRegex(@"^[0-9a-f]{12}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TargetIdRegex();
}
