using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using StreamingPlatform.Api.Hooks;

namespace StreamingPlatform.Tests.Api;

public sealed class HookFormTests
{
    [Fact]
    public void ReadsNginxFieldsAndTheNodeFromTheQuery()
    {
        var form = new FormCollection(new Dictionary<string, StringValues>
        {
            ["call"] = "record_done", ["name"] = "phone", ["key"] = "k", ["clientid"] = "12",
            ["addr"] = "10.0.0.9", ["path"] = "/data/recordings/phone-1795492553.flv", ["app"] = "live",
        });
        var query = new QueryCollection(new Dictionary<string, StringValues> { ["node"] = "edge-1", ["secret"] = "s" });

        var hook = HookForm.From(form, query);

        Assert.Equal(new HookForm("record_done", "phone", "k", "12", "10.0.0.9", "/data/recordings/phone-1795492553.flv", "edge-1"), hook);
    }

    [Fact]
    public void MissingOrEmptyFieldsAreNullAndTheNodeDefaults()
    {
        var form = new FormCollection(new Dictionary<string, StringValues> { ["name"] = "phone", ["key"] = "" });

        var hook = HookForm.From(form, QueryCollection.Empty);

        Assert.Null(hook.Key);
        Assert.Null(hook.ClientId);
        Assert.Equal(HookForm.DefaultNode, hook.Node);
    }
}
