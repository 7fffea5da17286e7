using Microsoft.AspNetCore.Http.HttpResults;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Viewers;
using StreamingPlatform.Api.Vods;
using StreamingPlatform.BroadcastState.Vods;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>Past broadcasts: the catalogue, the MP4s and posters (range requests, so players can seek), deletion for admins.</summary>
public static class VodsApi
{
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapVodsApi(this IEndpointRouteBuilder app)
    {
        var vods = app.MapGroup("/api/vods").WithTags("VODs");

        vods.MapGet("/", ListVods)
            .WithName("ListVods")
            .WithSummary("VODs, newest first, paged; optionally of one channel.");
        vods.MapGet("/{id}", GetVod)
            .WithName("GetVod")
            .WithSummary("One VOD.");
        vods.MapGet("/{id}/video", GetVideo)
            .WithName("GetVodVideo")
            .WithSummary("The MP4, with range requests.");
        vods.MapGet("/{id}/download", DownloadVideo)
            .WithName("DownloadVod")
            .WithSummary("The MP4 as a download.");
        vods.MapGet("/{id}/poster", GetPoster)
            .WithName("GetVodPoster")
            .WithSummary("The poster image (JPEG).");
        vods.MapDelete("/{id}", DeleteVod)
            .WithName("DeleteVod")
            .WithSummary("Deletes the VOD's files and its catalogue entry. Needs the admin key.")
            .AddEndpointFilter<AdminKeyFilter>();

        return app;
    }

    public static async Task<Results<Ok<VodPage>, ProblemHttpResult>> ListVods(
        VodCatalogue catalogue, ViewerRepository viewers, string? channel = null, int page = 1, int pageSize = 20)
    {
        if (channel is not null && !StreamName.IsValid(channel))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid channel name", detail: $"{StreamName.Rule}.");
        }

        if (page < 1 || pageSize < 1 || pageSize > MaxPageSize)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid page",
                detail: $"page starts at 1; pageSize is 1 to {MaxPageSize}.");
        }

        var (items, total) = await catalogue.PageAsync(channel, page, pageSize);
        var peaks = await viewers.PeaksAsync(items.Select(v => v.Id).ToList());
        return TypedResults.Ok(new VodPage(items.Select((v, i) => ToVod(v) with { PeakViewers = peaks[i] }).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<Vod>, ProblemHttpResult>> GetVod(string id, VodCatalogue catalogue, ViewerRepository viewers) =>
        await FindAsync(id, catalogue) is { } entry
            ? TypedResults.Ok(ToVod(entry) with { PeakViewers = (await viewers.PeaksAsync([entry.Id]))[0] })
            : NotFound(id);

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetVideo(string id, VodCatalogue catalogue, VodFiles files) =>
        await FindAsync(id, catalogue) is { } entry && files.Resolve(entry.VideoFile) is { } path
            ? TypedResults.PhysicalFile(path, "video/mp4", enableRangeProcessing: true, lastModified: entry.UpdatedAt)
            : NotFound(id);

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> DownloadVideo(string id, VodCatalogue catalogue, VodFiles files) =>
        await FindAsync(id, catalogue) is { } entry && files.Resolve(entry.VideoFile) is { } path
            ? TypedResults.PhysicalFile(path, "video/mp4", $"{entry.Channel}-{entry.StartedAt:yyyyMMdd-HHmmss}.mp4", enableRangeProcessing: true)
            : NotFound(id);

    public static async Task<Results<PhysicalFileHttpResult, ProblemHttpResult>> GetPoster(string id, VodCatalogue catalogue, VodFiles files) =>
        await FindAsync(id, catalogue) is { } entry && files.Resolve(entry.PosterFile) is { } path
            ? TypedResults.PhysicalFile(path, "image/jpeg", lastModified: entry.UpdatedAt)
            : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteVod(
        string id, VodCatalogue catalogue, VodFiles files, ViewerRepository viewers, ILogger<VodCatalogue> logger)
    {
        if (await FindAsync(id, catalogue) is not { } entry)
        {
            return NotFound(id);
        }

        files.Delete(entry);
        await catalogue.DeleteAsync(entry);
        await viewers.DeletePeakAsync(entry.Id);
        VodApiLog.Deleted(logger, entry.Id, entry.Channel);
        return TypedResults.NoContent();
    }

    private static async Task<VodRecord?> FindAsync(string id, VodCatalogue catalogue) =>
        SessionId.IsValid(id) ? await catalogue.GetAsync(id) : null;

    private static Vod ToVod(VodRecord entry)
    {
        var hasVideo = entry.VideoFile is not null;
        return new Vod(entry.Id, entry.Channel, entry.StartedAt, entry.DurationSeconds, entry.SizeBytes, entry.Status, entry.Reason,
            hasVideo ? $"/api/vods/{entry.Id}/video" : null,
            hasVideo ? $"/api/vods/{entry.Id}/download" : null,
            entry.PosterFile is not null ? $"/api/vods/{entry.Id}/poster" : null);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such VOD", detail: $"No VOD has the id '{StreamName.ForLog(id)}'.");
}

internal static partial class VodApiLog
{
    [LoggerMessage(301, LogLevel.Information, "VOD {VodId} of channel {Channel} deleted by an admin")]
    public static partial void Deleted(ILogger logger, string vodId, string channel);
}
