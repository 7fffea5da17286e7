using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>Channel management for operators: create a channel, rotate or delete its key. Needs the admin key.</summary>
public static class ChannelsAdminApi
{
    public static IEndpointRouteBuilder MapChannelsAdminApi(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/admin/channels")
            .WithTags("Admin")
            .AddEndpointFilter<AdminKeyFilter>();

        channels.MapGet("/", ListChannels)
            .WithName("ListChannels")
            .WithSummary("Every channel, with whether it is live now. Keys are never returned here.");
        channels.MapPost("/", CreateChannel)
            .WithName("CreateChannel")
            .WithSummary("Creates a channel and returns its stream key, once.");
        channels.MapPost("/{name}/key", RotateKey)
            .WithName("RotateChannelKey")
            .WithSummary("Replaces the channel's stream key and returns the new one, once; a live publisher on the old key is dropped at its next heartbeat.");
        channels.MapPut("/{name}/ladder", SetLadder)
            .WithName("SetChannelLadder")
            .WithSummary("Turns the channel's quality ladder (renditions below the source, a master playlist) on or off, from its next publish.");
        channels.MapDelete("/{name}", DeleteChannel)
            .WithName("DeleteChannel")
            .WithSummary("Deletes the channel and its key.");

        return app;
    }

    public static async Task<Ok<ChannelSummary[]>> ListChannels(ChannelRepository channels, SessionRepository sessions)
    {
        var all = await channels.ListAsync();
        var live = (await sessions.ListLiveAsync()).Select(s => s.Channel).ToHashSet();
        return TypedResults.Ok(all.Select(c => new ChannelSummary(c.Name, c.CreatedAt, live.Contains(c.Name), c.Ladder)).ToArray());
    }

    public static async Task<Results<Created<ChannelCredentials>, ProblemHttpResult>> CreateChannel(
        CreateChannelRequest request, ChannelRepository channels, IOptions<StreamingOptions> options,
        TimeProvider time, HttpResponse response, ILogger<ChannelRepository> logger)
    {
        if (!StreamName.IsValid(request.Name))
        {
            return InvalidName();
        }

        var key = StreamKey.Generate();
        if (!await channels.TryCreateAsync(request.Name, StreamKey.Hash(request.Name, key), time.GetUtcNow()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Channel exists", detail: $"A channel named '{request.Name}' exists already.");
        }

        ChannelLog.Created(logger, request.Name);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/admin/channels/{request.Name}", Credentials(request.Name, key, options.Value));
    }

    public static async Task<Results<Ok<ChannelCredentials>, ProblemHttpResult>> RotateKey(
        string name, ChannelRepository channels, IOptions<StreamingOptions> options, HttpResponse response, ILogger<ChannelRepository> logger)
    {
        if (!StreamName.IsValid(name))
        {
            return InvalidName();
        }

        var key = StreamKey.Generate();
        if (!await channels.TryReplaceKeyAsync(name, StreamKey.Hash(name, key)))
        {
            return NotFound(name);
        }

        ChannelLog.KeyRotated(logger, name);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(Credentials(name, key, options.Value));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetLadder(
        string name, LadderSettingRequest request, ChannelRepository channels, ILogger<ChannelRepository> logger)
    {
        if (!StreamName.IsValid(name))
        {
            return InvalidName();
        }

        if (!await channels.TrySetLadderAsync(name, request.Enabled))
        {
            return NotFound(name);
        }

        ChannelLog.LadderSet(logger, name, request.Enabled);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteChannel(
        string name, ChannelRepository channels, ILogger<ChannelRepository> logger)
    {
        if (!StreamName.IsValid(name))
        {
            return InvalidName();
        }

        if (!await channels.DeleteAsync(name))
        {
            return NotFound(name);
        }

        ChannelLog.Deleted(logger, name);
        return TypedResults.NoContent();
    }

    internal static ChannelCredentials Credentials(string name, string key, StreamingOptions options)
    {
        var streamPath = $"{name}?key={key}";
        var publishUrl = $"{options.RtmpBaseUrl.TrimEnd('/')}/{streamPath}";
        return new ChannelCredentials(name, key, options.RtmpBaseUrl.TrimEnd('/'), streamPath, publishUrl, PublishQrCode.PngDataUrl(publishUrl));
    }

    internal static ProblemHttpResult InvalidName() =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid channel name", detail: $"{StreamName.Rule}.");

    internal static ProblemHttpResult NotFound(string name) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such channel", detail: $"No channel is named '{name}'.");
}
