using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using StreamingPlatform.Api.Channels;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Contracts;

namespace StreamingPlatform.Api.Hooks;

/// <summary>Reads a hook's form and rejects it before anything touches Redis or the disk.</summary>
internal static class HookRequest
{
    /// <summary>
    /// Reads the form of <paramref name="hook"/>, rejects a bad one with ProblemDetails (and a span: an invalid name is a
    /// refusal too, which <paramref name="onInvalidName"/> may count), and hands a valid one to <paramref name="handle"/>.
    /// </summary>
    public static async Task<Results<NoContent, ProblemHttpResult>> HandleAsync(
        string hook, HttpRequest request, ILogger logger, CancellationToken cancellationToken,
        Func<HookForm, Task<Results<NoContent, ProblemHttpResult>>> handle, Action<Activity?>? onInvalidName = null,
        bool renditionName = false)
    {
        var (form, problem) = await ReadAsync(hook, request, logger, onInvalidName, renditionName, cancellationToken);
        return problem ?? await handle(form!);
    }

    private static async Task<(HookForm? Form, ProblemHttpResult? Problem)> ReadAsync(
        string hook, HttpRequest request, ILogger logger, Action<Activity?>? onInvalidName, bool renditionName,
        CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Form body expected",
                detail: "nginx-rtmp posts hooks as application/x-www-form-urlencoded."));
        }

        IFormCollection fields;
        try
        {
            fields = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException exception)
        {
            // A NUL byte or a malformed escape: ASP.NET Core refuses the form; nothing of it is read or logged.
            HookLog.MalformedForm(logger, hook, exception.Message);
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Malformed form",
                detail: "The hook's form could not be read: a field holds a NUL byte or an invalid escape."));
        }

        var form = HookForm.From(fields, request.Query);
        var (valid, rule) = renditionName ? (RenditionName.IsValid(form.Name), RenditionName.Rule) : (StreamName.IsValid(form.Name), StreamName.Rule);
        if (!valid)
        {
            // A trace of its own: an invalid name belongs to no broadcast. The name itself stays out of the span: it is
            // whatever the client sent.
            using var activity = HookSpan.Start(hook, broadcastTraceParent: null);
            activity?.SetTag("streaming.hook.outcome", PublishOutcome.InvalidName.TagValue());
            activity?.SetStatus(ActivityStatusCode.Error, "invalid stream name");
            onInvalidName?.Invoke(activity);

            HookLog.InvalidName(logger, form.Call ?? request.Path, StreamName.ForLog(form.Name), rule);
            return (null, TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid stream name",
                detail: $"The stream name is not valid: {rule}."));
        }

        return (form, null);
    }
}
