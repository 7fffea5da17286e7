using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Ladder;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Realtime;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.Api.Sessions;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Media;
using StreamingPlatform.BroadcastState.Sessions;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>The public read API: who is live now, and where to watch.</summary>
public static class StreamsApi
{
    /// <summary>Where every live stream's endpoints start (presence and real time too).</summary>
    public const string Route = "/api/streams";

    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup(Route).WithTags("Streams");

        streams.MapGet("/", GetLiveStreams)
            .WithName("GetLiveStreams")
            .WithSummary("The streams that are live now, oldest first.");
        streams.MapGet("/{name}", GetLiveStream)
            .WithName("GetLiveStream")
            .WithSummary("One live stream, or 404 when the name is not live.");
        streams.MapGet("/{name}/master.m3u8", GetMasterPlaylist)
            .WithName("GetMasterPlaylist")
            .WithSummary("The HLS master playlist of a live stream with a quality ladder: the source and each rendition, with resolution and bandwidth.");
        streams.MapGet("/{name}/thumbnail", GetThumbnail)
            .WithName("GetLiveThumbnail")
            .WithSummary("A recent frame of a live stream (JPEG, refreshed every few seconds), or 404 when there is none.");

        return app;
    }

    public static async Task<Ok<LiveStream[]>> GetLiveStreams(
        SessionRepository sessions, ViewerRepository viewers, LadderReader ladders, IOptions<StreamingOptions> options)
    {
        var live = await sessions.ListLiveAsync();
        var counts = await viewers.CountAsync(live.Select(s => s.Channel).ToList());
        var withLadder = await ladders.ReadAsync(live);
        return TypedResults.Ok(live.Select((s, i) => ToLiveStream(s, options.Value, withLadder.GetValueOrDefault(s.Channel)) with { Viewers = counts[i] }).ToArray());
    }

    public static async Task<Results<Ok<LiveStream>, ProblemHttpResult>> GetLiveStream(
        string name, SessionRepository sessions, MediaClockRepository clocks, ViewerRepository viewers, LadderReader ladders, RealtimeRelays realtime,
        TimeProvider time, IOptions<StreamingOptions> options)
    {
        if (!StreamName.IsValid(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        if (await sessions.GetAsync(name) is not { } session)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not live", detail: $"No one is live on '{name}' now.");
        }

        // A clock left by the channel's previous connection would map the new timestamps wrongly: only the live one counts.
        var clock = await clocks.GetAsync(name) is { } stored && stored.Owner == session.Owner ? stored.ToMediaClock(time.GetUtcNow()) : null;
        var ladder = (await ladders.ReadAsync([session])).GetValueOrDefault(name);
        return TypedResults.Ok(ToLiveStream(session, options.Value, ladder) with
        {
            Clock = clock, Viewers = await viewers.CountAsync(name), Realtime = await realtime.IsRelayedAsync(name, session.Id),
        });
    }

    public static async Task<Results<ContentHttpResult, RedirectHttpResult, ProblemHttpResult>> GetMasterPlaylist(
        string name, HttpContext context, SessionRepository sessions, LadderReader ladders, IOptions<StreamingOptions> options)
    {
        // The renditions come and go with the transcoder; a CDN in front keeps the answer (a refusal too) a second at most.
        context.Response.Headers.CacheControl = HlsLayout.PlaylistCacheControl;
        if (!StreamName.IsValid(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        if (await sessions.GetAsync(name) is not { } session)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not live", detail: $"No one is live on '{name}' now.");
        }

        if ((await ladders.ReadAsync([session])).GetValueOrDefault(name) is not { } ladder)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No ladder", detail: $"'{name}' has no quality ladder; play its hlsUrl.");
        }

        return MasterPlaylist.SourceOnly(ladder)
            ? TypedResults.Redirect(options.Value.HlsUrl(name))
            : TypedResults.Text(MasterPlaylist.Write(ladder, options.Value.HlsBaseUrl), "application/vnd.apple.mpegurl");
    }

    public static Results<PhysicalFileHttpResult, ProblemHttpResult> GetThumbnail(
        string name, HttpContext context, IOptions<MediaOptions> media)
    {
        if (!StreamName.IsValid(name))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid stream name", detail: $"{StreamName.Rule}.");
        }

        var file = new FileInfo(media.Value.ThumbnailFile(name));
        if (!file.Exists)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No thumbnail", detail: $"'{name}' has no live thumbnail yet.");
        }

        // The file is replaced every few seconds: browsers may keep it, but must ask again each time.
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.PhysicalFile(file.FullName, "image/jpeg", lastModified: file.LastWriteTimeUtc);
    }

    private static LiveStream ToLiveStream(PublishSession session, StreamingOptions options, LadderState? ladder) =>
        new(session.Channel, session.Id, session.StartedAt, options.HlsUrl(session.Channel), $"{Route}/{session.Channel}/thumbnail",
            Ladder: ladder is null ? null : new LiveLadder($"{Route}/{session.Channel}/master.m3u8",
                ladder.Renditions.Select(r => new LiveRendition(r.Name, r.Width, r.Height, r.Bandwidth)).ToList()))
        {
            DvrUrl = options.DvrUrl(session.Channel),
        };
}
