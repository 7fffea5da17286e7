namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>Hook bodies shaped as nginx-rtmp sends them (see shared/reference/nginx-rtmp.md).</summary>
internal static class HookForms
{
    public static FormUrlEncodedContent Publish(string name, string? key, string clientId, string call = "publish")
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

        return new FormUrlEncodedContent(fields);
    }

    /// <summary>A publish (or heartbeat) of the Api's own FFmpeg for a browser broadcast: a grant instead of the key.</summary>
    public static FormUrlEncodedContent GrantPublish(string name, string grant, string clientId, string call = "publish") => new(new Dictionary<string, string>
    {
        ["app"] = "live",
        ["addr"] = "127.0.0.1",
        ["clientid"] = clientId,
        ["call"] = call,
        ["name"] = name,
        ["type"] = "live",
        ["grant"] = grant,
    });

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
