namespace Aspire.Hosting;

/// <summary>
/// The development channel's key (the Api creates the channel, <c>Channels:Development</c>): a secret generated once per
/// machine and kept with the other generated secrets, shown as the <c>development-stream-key</c> parameter on the
/// dashboard and on /admin behind the admin key, never printed. Run mode only: a deployment has no development channel.
/// </summary>
internal static class DevelopmentChannel
{
    public const string KeyParameter = "development-stream-key";

    public static IResourceBuilder<ProjectResource> WithDevelopmentChannel(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        if (!builder.ExecutionContext.IsRunMode)
        {
            return api;
        }

        return api.WithEnvironment("Channels__Development__Key", builder.AddGeneratedSecret(KeyParameter));
    }

    /// <summary>Where the AppHost's console tells its owner to look.</summary>
    public const string Where =
        $"The development channel's stream key: the {KeyParameter} parameter on the dashboard, or /admin with the admin key.";
}
