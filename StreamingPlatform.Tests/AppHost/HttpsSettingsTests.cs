using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>
/// HTTPS settings that cannot work stop the AppHost before it starts anything, naming the setting: a certificate file
/// that is missing or not the key's, an e-mail that is not one, ACME for an IP address.
/// </summary>
public sealed class HttpsSettingsTests
{
    [Fact]
    public async Task ACertificateFileThatDoesNotExistIsNamed()
    {
        using var certificate = new TestCertificate("streaming.test");
        var missing = certificate.CertificateFile + ".missing";
        var output = await RefusedAsync("--AppHost:PublicHost=streaming.test",
            $"--AppHost:Tls:CertificateFile={missing}", $"--AppHost:Tls:KeyFile={certificate.KeyFile}");

        Assert.Contains($"AppHost:Tls:CertificateFile is '{missing}', which does not exist.", output);
    }

    [Fact]
    public async Task ACertificateWithAnotherCertificatesKeyIsNamed()
    {
        using var certificate = new TestCertificate("streaming.test");
        using var other = new TestCertificate("streaming.test");
        var output = await RefusedAsync("--AppHost:PublicHost=streaming.test",
            $"--AppHost:Tls:CertificateFile={certificate.CertificateFile}", $"--AppHost:Tls:KeyFile={other.KeyFile}");

        Assert.Contains("AppHost:Tls:CertificateFile and AppHost:Tls:KeyFile are not a PEM certificate and its private key", output);
    }

    [Fact]
    public async Task ACertificateForAnotherHostIsNamed()
    {
        using var certificate = new TestCertificate("other.test");
        var output = await RefusedAsync("--AppHost:PublicHost=streaming.test",
            $"--AppHost:Tls:CertificateFile={certificate.CertificateFile}", $"--AppHost:Tls:KeyFile={certificate.KeyFile}");

        Assert.Contains("AppHost:Tls:CertificateFile is for other.test, not for AppHost:PublicHost 'streaming.test'.", output);
    }

    [Fact]
    public async Task AKeyOnlyRootCanReadIsNamedWhenTheAppHostRunsAsRoot()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the tests run as root, as CI does (nginx's worker is then nobody)");
        using var certificate = new TestCertificate("streaming.test");
        File.SetUnixFileMode(certificate.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var output = await RefusedAsync("--AppHost:PublicHost=streaming.test",
            $"--AppHost:Tls:CertificateFile={certificate.CertificateFile}", $"--AppHost:Tls:KeyFile={certificate.KeyFile}");

        Assert.Contains($"AppHost:Tls:KeyFile is '{certificate.KeyFile}', which user nobody (nginx's worker, and Caddy when the AppHost is root) cannot read", output);
    }

    [Fact]
    public async Task AnEmailThatIsNotOneIsNamed()
    {
        var output = await RefusedAsync("--AppHost:PublicHost=stream.example.com", "--AppHost:Tls:Email=operator-at-example.com");

        Assert.Contains("AppHost:Tls:Email is 'operator-at-example.com', which is not an e-mail address", output);
    }

    [Theory]
    [InlineData("192.0.2.10")]
    [InlineData("localhost")]
    public async Task AcmeForAnIpAddressOrLocalNameIsNamed(string host)
    {
        var output = await RefusedAsync($"--AppHost:PublicHost={host}", "--AppHost:Tls:Email=operator@example.com");

        Assert.Contains($"AppHost:PublicHost is '{host}': ACME (AppHost:Tls:Email) needs a public domain name", output);
    }

    [Fact]
    public async Task TwoCertificateSourcesAtOnceAreNamed()
    {
        var output = await RefusedAsync("--AppHost:PublicHost=stream.example.com", "--AppHost:Tls:Email=operator@example.com", "--AppHost:Tls:Internal=true");

        Assert.Contains("Set only one of AppHost:Tls:Email (ACME)", output);
    }

    private static async Task<string> RefusedAsync(params string[] arguments)
    {
        using var data = new TempFolder("apphost-https");
        var (exitCode, output, _) = await AppHostProcess.RunAsync(new Dictionary<string, string>(),
            [$"--AppHost:DataPath={data.Path}", "--AppHost:Servers=local", .. arguments]);

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain("Distributed application starting", output);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "https-front")), "the AppHost wrote Caddy's configuration for settings it refused");
        return output;
    }
}
