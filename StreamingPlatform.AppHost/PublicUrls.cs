using StreamingPlatform.BroadcastState.Media;

namespace Aspire.Hosting;

/// <summary>The addresses the Api hands to viewers and publishers (<c>Streaming:HlsBaseUrl</c>, <c>Streaming:RtmpBaseUrl</c>).</summary>
internal static class PublicUrls
{
    /// <summary>
    /// In run mode the machine's public address (<see cref="PublicAddress"/>): nginx's front and its RTMP port, which
    /// listen on every address. In Azure nginx's own ingress, which azd's infra files replace by the environment's domain.
    /// The Api's own endpoint stays for the dashboard and the tests, on any free port: the front has 5080. With TLS
    /// (docs/https.md) the HTTPS front's and RTMPS's addresses, so a page served over HTTPS loads nothing over HTTP.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithPublicUrls(this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<IResourceWithEndpoints> nginx, PublicAddress address, TlsSettings? tls)
    {
        if (api.ApplicationBuilder.ExecutionContext.IsPublishMode)
        {
            return api
                .WithEnvironment("Streaming__HlsBaseUrl", ReferenceExpression.Create($"{nginx.GetEndpoint("hls")}{HlsLayout.HttpPath}"))
                .WithEnvironment("Streaming__RtmpBaseUrl", ReferenceExpression.Create($"rtmp://{nginx.GetEndpoint("rtmp").Property(EndpointProperty.HostAndPort)}/live"));
        }

        return api
            .WithEndpoint("http", endpoint => endpoint.Port = null)
            .WithEnvironment("Streaming__HlsBaseUrl", tls?.HlsPublicUrl ?? address.HlsBaseUrl)
            .WithEnvironment("Streaming__RtmpBaseUrl", tls?.RtmpsPublicUrl ?? address.RtmpBaseUrl);
    }
}
