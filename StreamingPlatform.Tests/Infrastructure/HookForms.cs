namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Hook bodies shaped as nginx-rtmp sends them (see shared/reference/nginx-rtmp.md).</summary>
internal static class HookForms
{
    /// <param name="grant">What the Api's own FFmpeg shows instead of a key, for a browser broadcast.</param>
    public static FormUrlEncodedContent Publish(string name, string? key, string clientId, string call = "publish", string? grant = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["app"] = "live",
            ["flashver"] = "FMLE/3.0 (compatible; FMSc/1.0)",
            ["swfurl"] = "",
            ["tcurl"] = "rtmp://127.0.0.1:1935/live",
            ["pageurl"] = "",
            ["addr"] = "127.0.0.1",
            ["clientid"] = clientId,
            ["call"] = call,
            ["name"] = name,
            ["type"] = "live",
        };
        if (key is not null)
        {
            fields["key"] = key;
        }

        if (grant is not null)
        {
            fields["grant"] = grant;
        }

        return new FormUrlEncodedContent(fields);
    }

    /// <summary>on_record_done for a file the test planted, as nginx announces a closed recording.</summary>
    public static FormUrlEncodedContent RecordDone(string name, string path, string clientId = "9999") => new(new Dictionary<string, string>
    {
        ["app"] = "live",
        ["addr"] = "127.0.0.1",
        ["clientid"] = clientId,
        ["call"] = "record_done",
        ["recorder"] = "",
        ["name"] = name,
        ["path"] = path,
    });
}
