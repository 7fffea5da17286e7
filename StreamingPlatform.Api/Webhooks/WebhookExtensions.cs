using StreamingPlatform.Api.Webhooks;

namespace Microsoft.Extensions.Hosting;

public static class WebhookExtensions
{
    /// <summary>
    /// Webhooks (<c>docs/webhooks.md</c>): their settings, store, secrets, address guard and the dispatcher that delivers
    /// them. Events come from the outbox (<see cref="StreamingPlatform.Api.Outbox.OutboxRelay"/>) and the VodWorker's
    /// <see cref="StreamingPlatform.Contracts.VodFinalised"/> (<see cref="VodFinalisedConsumer"/>, registered with MassTransit).
    /// </summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookRepository>();
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookAddressGuard>();
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookDispatcher>();
        return services;
    }
}
