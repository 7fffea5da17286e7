extern alias AppHost;

using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// The HTTPS front and RTMPS in the AppHost's model, built but not started: Caddy's generated configuration (adapted by
/// the real caddy, as it would load it), its resource, nginx's RTMPS settings and the addresses the Api hands out.
/// No certificate authority is reachable from here, so the ACME path is checked as far as the configuration goes.
/// </summary>
public sealed class HttpsModelTests
{
    [Fact]
    public async Task AcmeAsksLetsEncryptForThePublicDomainWithTheOperatorsEmail()
    {
        using var data = new TempFolder("apphost-https");
        await using var builder = await CreateAsync(data.Path, "local",
            "AppHost:PublicHost=Stream.Example.com", "AppHost:Tls:Email=operator@example.com");
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var config = await AdaptAsync(Path.Combine(data.Path, "https-front", "Caddyfile"));
        var policy = Assert.Single(config["apps"]!["tls"]!["automation"]!["policies"]!.AsArray())!;
        Assert.Equal(["stream.example.com"], policy["subjects"]!.AsArray().Select(s => (string)s!));
        var issuer = Assert.Single(policy["issuers"]!.AsArray())!;
        Assert.Equal("acme", (string)issuer["module"]!);
        Assert.Equal("https://acme-v02.api.letsencrypt.org/directory", (string)issuer["ca"]!);
        Assert.Equal("operator@example.com", (string)issuer["email"]!);
        Assert.Equal(Path.Combine(data.Path, "https-front", "storage"), (string)config["storage"]!["root"]!);
        var server = config["apps"]!["http"]!["servers"]!.AsObject().Single().Value!;
        Assert.Equal([":443"], server["listen"]!.AsArray().Select(s => (string)s!));
        Assert.Null(config["apps"]!["http"]!["servers"]!.AsObject().Single().Value!["automatic_https"]?["disable_redirects"]);

        // Caddy listens on 443 and on 80 (Let's Encrypt's HTTP challenge), health-checked by a TLS handshake.
        var front = Assert.IsAssignableFrom<ExecutableResource>(resources["https-front"]);
        var endpoints = front.GetEndpoints().ToDictionary(e => e.EndpointName, e => e.EndpointAnnotation);
        Assert.Equal(443, endpoints["https"].Port);
        Assert.Equal(80, endpoints["http"].Port);
        Assert.Equal("0.0.0.0", endpoints["https"].TargetHost);
        Assert.True(front.TryGetAnnotationsOfType<HealthCheckAnnotation>(out _), "https-front has no health check");
        var frontEnvironment = await AppHostModelTests.EnvironmentAsync(front);
        Assert.Equal("{nginx-rtmp.bindings.hls.url}", frontEnvironment["HLS_UPSTREAM"]);
        Assert.Equal("{nginx-rtmp.bindings.hls.url}", frontEnvironment["API_UPSTREAM"]); // nginx's front proxies the Api
        Assert.Equal(Path.Combine(data.Path, "https-front"), frontEnvironment["HOME"]);

        // nginx's RTMPS reads the certificate Caddy keeps for the domain; the Api hands out https:// and rtmps://.
        var nginx = (IResourceWithEnvironment)resources["nginx-rtmp"];
        var nginxEnvironment = await AppHostModelTests.EnvironmentAsync(nginx);
        var certificates = Path.Combine(data.Path, "https-front", "storage", "certificates", "acme-v02.api.letsencrypt.org-directory", "stream.example.com");
        Assert.Equal(Path.Combine(certificates, "stream.example.com.crt"), nginxEnvironment["TLS_CERTIFICATE"]);
        Assert.Equal(Path.Combine(certificates, "stream.example.com.key"), nginxEnvironment["TLS_CERTIFICATE_KEY"]);
        Assert.Equal("1936", nginxEnvironment["RTMPS_PORT"]);
        Assert.Equal(1936, ((IResourceWithEndpoints)nginx).GetEndpoints().Single(e => e.EndpointName == "rtmps").EndpointAnnotation.Port);
        var apiEnvironment = await AppHostModelTests.EnvironmentAsync((IResourceWithEnvironment)resources["api"]);
        Assert.Equal("https://stream.example.com/hls", apiEnvironment["Streaming__HlsBaseUrl"]);
        Assert.Equal("rtmps://stream.example.com:1936/live", apiEnvironment["Streaming__RtmpBaseUrl"]);
    }

    [Fact]
    public async Task ContainersModeRunsTheCaddyImageWithTheOperatorsCertificateMountedIntoCaddyAndNginx()
    {
        using var data = new TempFolder("apphost-https");
        using var certificate = new TestCertificate("streaming.test");
        await using var builder = await CreateAsync(data.Path, "containers", "AppHost:PublicHost=streaming.test",
            $"AppHost:Tls:CertificateFile={certificate.CertificateFile}", $"AppHost:Tls:KeyFile={certificate.KeyFile}", "AppHost:HttpsPort=8443");
        var resources = builder.Resources.ToDictionary(r => r.Name);

        var front = Assert.IsAssignableFrom<ContainerResource>(resources["https-front"]);
        var image = front.Annotations.OfType<ContainerImageAnnotation>().Single();
        Assert.Equal(("caddy", "2.6.2"), (image.Image, image.Tag));
        var frontMounts = front.Annotations.OfType<ContainerMountAnnotation>().ToDictionary(m => m.Target, m => m.Source);
        Assert.Equal(certificate.CertificateFile, frontMounts["/tls/certificate.pem"]);
        Assert.Equal(certificate.KeyFile, frontMounts["/tls/key.pem"]);
        Assert.Equal(Path.Combine(data.Path, "https-front", "Caddyfile"), frontMounts["/etc/caddy/Caddyfile"]);
        Assert.Equal(8443, front.GetEndpoints().Single(e => e.EndpointName == "https").EndpointAnnotation.Port);
        Assert.DoesNotContain(front.GetEndpoints(), e => e.EndpointName == "http"); // port 80 is ACME's only

        var config = await AdaptAsync(Path.Combine(data.Path, "https-front", "Caddyfile"));
        var loaded = config["apps"]!["tls"]!["certificates"]!["load_files"]!.AsArray().Single()!;
        Assert.Equal(("/tls/certificate.pem", "/tls/key.pem"), ((string)loaded["certificate"]!, (string)loaded["key"]!));

        var nginx = Assert.IsAssignableFrom<ContainerResource>(resources["nginx-rtmp"]);
        var nginxMounts = nginx.Annotations.OfType<ContainerMountAnnotation>().ToDictionary(m => m.Target, m => m.Source);
        Assert.Equal(certificate.CertificateFile, nginxMounts["/tls/certificate.pem"]);
        var nginxEnvironment = await AppHostModelTests.EnvironmentAsync(nginx);
        Assert.Equal("/tls/certificate.pem", nginxEnvironment["TLS_CERTIFICATE"]);
        Assert.Equal("/tls/key.pem", nginxEnvironment["TLS_CERTIFICATE_KEY"]);
        Assert.Equal(1936, nginx.GetEndpoints().Single(e => e.EndpointName == "rtmps").EndpointAnnotation.TargetPort);
        var apiEnvironment = await AppHostModelTests.EnvironmentAsync((IResourceWithEnvironment)resources["api"]);
        Assert.Equal("https://streaming.test:8443/hls", apiEnvironment["Streaming__HlsBaseUrl"]);
    }

    [Fact]
    public async Task WithoutTlsSettingsThereIsNoHttpsFrontAndNoRtmps()
    {
        using var data = new TempFolder("apphost-https");
        await using var builder = await CreateAsync(data.Path, "local");

        Assert.DoesNotContain(builder.Resources, r => r.Name == "https-front");
        var nginx = (IResourceWithEndpoints)builder.Resources.Single(r => r.Name == "nginx-rtmp");
        Assert.DoesNotContain(nginx.GetEndpoints(), e => e.EndpointName == "rtmps");
        Assert.DoesNotContain("TLS_CERTIFICATE", (await AppHostModelTests.EnvironmentAsync((IResourceWithEnvironment)nginx)).Keys);
    }

    private static Task<IDistributedApplicationTestingBuilder> CreateAsync(string dataPath, string servers, params string[] tls) =>
        DistributedApplicationTestingBuilder.CreateAsync<AppHost::Projects.StreamingPlatform_AppHost>(
            [.. AppHostFixture.Arguments(dataPath, FreePort.Next(), FreePort.Next(), servers), .. tls]);

    /// <summary>The JSON the real caddy makes of the Caddyfile, as `caddy run` would load it.</summary>
    private static async Task<JsonNode> AdaptAsync(string caddyfile)
    {
        Assert.True(File.Exists(caddyfile), $"no Caddyfile at {caddyfile}");
        var start = new System.Diagnostics.ProcessStartInfo("caddy", ["adapt", "--config", caddyfile, "--adapter", "caddyfile"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["API_UPSTREAM"] = "127.0.0.1:1", ["HLS_UPSTREAM"] = "127.0.0.1:2" },
        };
        using var caddy = System.Diagnostics.Process.Start(start)!;
        var output = caddy.StandardOutput.ReadToEndAsync();
        var errors = caddy.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await caddy.WaitForExitAsync(timeout.Token);
        Assert.True(caddy.ExitCode == 0, await errors);
        return JsonNode.Parse(await output)!;
    }
}
