using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>
/// ASP.NET Core's forwarded headers from <see cref="ProxyOptions.TrustedNetworks"/> only. Read from the right with no
/// limit: each trusted hop (nginx's front, a TLS proxy before it) gives the address before it, and the first untrusted
/// address is the client's, whatever it wrote into X-Forwarded-For itself.
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section)
            .Validate(options => options.Networks() is not null, ProxyOptions.Rule)
            .ValidateOnStart();
        // After every Configure: ASPNETCORE_FORWARDEDHEADERS_ENABLED (set by Aspire's publish) would otherwise trust anyone.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = null;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in proxies.Value.Networks() ?? [])
            {
                forwarded.KnownIPNetworks.Add(network);
            }
        });
        return services;
    }
}
