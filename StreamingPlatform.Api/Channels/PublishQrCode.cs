using QRCoder;

namespace StreamingPlatform.Api.Channels;

/// <summary>
/// The publish address as a QR code for phone apps to scan (Larix and others import an RTMP URL that way). Made on
/// the server and returned with the credentials, so the key never travels in a URL of its own.
/// </summary>
public static class PublishQrCode
{
    public static string PngDataUrl(string publishUrl)
    {
        using var data = QRCodeGenerator.GenerateQrCode(publishUrl, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(8));
    }
}
