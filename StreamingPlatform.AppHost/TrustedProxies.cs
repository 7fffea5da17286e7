namespace Aspire.Hosting;

/// <summary>Whose X-Forwarded-For the Api believes (its <c>Proxies:TrustedNetworks</c>).</summary>
internal static class TrustedProxies
{
    /// <summary>
    /// In run mode the Api's default, loopback: nginx's front on this machine. In Azure the setting exists for azd's
    /// api.tmpl.yaml, which adds the environment's subnet, where Container Apps' ingress comes from.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTrustedProxies(this IResourceBuilder<ProjectResource> api) =>
        api.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? api.WithEnvironment("Proxies__TrustedNetworks", "127.0.0.0/8, ::1/128")
            : api;
}
