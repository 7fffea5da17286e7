using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Apis;
using StreamingPlatform.Contracts;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Api.Webhooks;

/// <summary>Webhooks for operators: register, list with their delivery state, switch on or off, remove. Needs the admin key.</summary>
public static partial class WebhooksAdminApi
{
    private const int MaxUrlLength = 2048;

    public static IEndpointRouteBuilder MapWebhooksAdminApi(this IEndpointRouteBuilder app)
    {
        var webhooks = app.MapGroup("/api/admin/webhooks")
            .WithTags("Admin")
            .AddEndpointFilter<AdminKeyFilter>();

        webhooks.MapGet("/", ListWebhooks)
            .WithName("ListWebhooks")
            .WithSummary("Every webhook with its delivery state (last success, last failure and why, failing). Secrets are never returned here.");
        webhooks.MapPost("/", CreateWebhook)
            .WithName("CreateWebhook")
            .WithSummary("Registers a webhook and returns its signing secret, once.");
        webhooks.MapPut("/{id}/enabled", SetWebhookEnabled)
            .WithName("SetWebhookEnabled")
            .WithSummary("Switches a webhook on or off; while off, no event is queued for it and waiting ones are held.");
        webhooks.MapDelete("/{id}", DeleteWebhook)
            .WithName("DeleteWebhook")
            .WithSummary("Removes a webhook and the events still waiting for it.");

        return app;
    }

    public static async Task<Ok<WebhookSummary[]>> ListWebhooks(WebhookRepository webhooks, IOptions<WebhookOptions> options)
    {
        var all = await webhooks.ListAsync();
        var states = await Task.WhenAll(all.Select(w => webhooks.StateAsync(w.Id)));
        return TypedResults.Ok(all.Zip(states, (w, s) => new WebhookSummary(w.Id, w.Url, w.Events, w.Enabled, w.CreatedAt,
            s.LastSuccessAt, s.LastFailureAt, s.LastFailure, s.ConsecutiveFailures, WebhookRetryPolicy.IsFailing(s.ConsecutiveFailures, options.Value),
            s.WaitingBroadcasts)).ToArray());
    }

    public static async Task<Results<Created<CreatedWebhook>, ProblemHttpResult>> CreateWebhook(
        CreateWebhookRequest request, WebhookRepository webhooks, WebhookSecrets secrets, WebhookAddressGuard guard,
        TimeProvider time, HttpResponse response, ILogger<WebhookRepository> logger, CancellationToken cancellationToken)
    {
        if (!secrets.IsConfigured)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Webhooks are not set up",
                detail: $"{SettingNames.WebhooksSecret} is not set: without it the webhooks' signing secrets cannot be stored.");
        }

        var events = (request.Events ?? []).Distinct().ToList();
        if (events.Count == 0 || events.Except(WebhookEventTypes.All).Any())
        {
            return Refuse(logger, "Invalid events", $"Events are one or more of {string.Join(", ", WebhookEventTypes.All)}.");
        }

        if (string.IsNullOrEmpty(request.Url) || request.Url.Length > MaxUrlLength)
        {
            return Refuse(logger, "Invalid URL", $"The URL is required, at most {MaxUrlLength} characters.");
        }

        if (await guard.RefusalAsync(request.Url, cancellationToken) is { } refusal)
        {
            return Refuse(logger, "URL refused", refusal);
        }

        var id = "wh_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var secret = WebhookSecrets.Generate();
        var webhook = new Webhook(id, new Uri(request.Url).AbsoluteUri, events, request.Enabled, time.GetUtcNow(), secrets.Seal(id, secret));
        await webhooks.AddAsync(webhook);
        WebhookLog.Registered(logger, id, webhook.Host, string.Join(',', events), webhook.Enabled ? "on" : "off");
        response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/admin/webhooks/{id}",
            new CreatedWebhook(id, webhook.Url, webhook.Events, webhook.Enabled, webhook.CreatedAt, secret));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetWebhookEnabled(
        string id, WebhookSettingRequest request, WebhookRepository webhooks, ILogger<WebhookRepository> logger)
    {
        if (!IdRegex().IsMatch(id) || !await webhooks.SetEnabledAsync(id, request.Enabled))
        {
            return NotFound(id);
        }

        WebhookLog.Switched(logger, id, request.Enabled ? "on" : "off");
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteWebhook(string id, WebhookRepository webhooks, ILogger<WebhookRepository> logger)
    {
        if (!IdRegex().IsMatch(id) || !await webhooks.DeleteAsync(id))
        {
            return NotFound(id);
        }

        WebhookLog.Removed(logger, id);
        return TypedResults.NoContent();
    }

    private static ProblemHttpResult Refuse(ILogger logger, string title, string detail)
    {
        WebhookLog.Refused(logger, detail);
        return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such webhook",
            detail: $"No webhook has the id '{StreamName.ForLog(id)}'.");

    [GeneratedRegex(@"^wh_[0-9a-f]{16}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdRegex();
}
