using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate for a host name (and 127.0.0.1), made with .NET's CertificateRequest and written as PEM
/// files readable by nginx's worker (user nobody), as an operator's certificate and key files would be.
/// </summary>
internal sealed class TestCertificate : IDisposable
{
    private readonly TempFolder _folder = new("certificate");

    public TestCertificate(string hostName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        File.WriteAllText(CertificateFile, Certificate.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public X509Certificate2 Certificate { get; }

    public string CertificateFile => _folder.Combine("certificate.pem");

    public string KeyFile => _folder.Combine("key.pem");

    public void Dispose()
    {
        Certificate.Dispose();
        _folder.Dispose();
    }
}
