using Microsoft.AspNetCore.Http.HttpResults;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Apis;

/// <summary>Reads a hook's form and rejects it before anything touches Redis or the disk.</summary>
internal static class HookRequest
{
    /// <summary>Reads the form, rejects a bad one with ProblemDetails, and hands a valid one to <paramref name="handle"/>.</summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        HttpRequest request, ILogger logger, CancellationToken cancellationToken, Func<HookForm, Task<Results<NoContent, ProblemHttpResult>>> handle)
    {
        var (form, problem) = await ReadAsync(request, logger, cancellationToken);
        return problem ?? await handle(form!);
    }

    private static async Task<(HookForm? Form, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, ILogger logger, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Form body expected",
                detail: "nginx-rtmp posts hooks as application/x-www-form-urlencoded."));
        }

        var form = HookForm.From(await request.ReadFormAsync(cancellationToken), request.Query);
        if (!StreamName.IsValid(form.Name))
        {
            HookLog.InvalidName(logger, form.Call ?? request.Path, StreamName.ForLog(form.Name), StreamName.Rule);
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid stream name",
                detail: $"The stream name is not valid: {StreamName.Rule}."));
        }

        return (form, null);
    }
}
