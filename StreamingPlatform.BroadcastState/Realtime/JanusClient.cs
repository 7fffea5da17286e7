using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace StreamingPlatform.BroadcastState.Realtime;

/// <summary>
/// Janus's HTTP API (the REST transport), as the Api (viewers' signalling) and the VodWorker (mountpoints) use it. Every
/// request carries the API secret in its body, never in a URL. A mountpoint of the streaming plugin is named by its
/// channel (<c>string_ids</c>), so both sides find it without a shared table.
/// </summary>
public sealed class JanusClient(HttpClient http, string apiSecret)
{
    public const string StreamingPlugin = "janus.plugin.streaming";

    /// <summary>A new Janus session (it lapses after 60 s without a request or keepalive).</summary>
    public async Task<long> CreateSessionAsync(CancellationToken cancellationToken) =>
        Id(await PostAsync("", new JsonObject { ["janus"] = "create" }, cancellationToken));

    /// <summary>A handle on the streaming plugin in that session.</summary>
    public async Task<long> AttachAsync(long session, CancellationToken cancellationToken) =>
        Id(await PostAsync($"/{session}", new JsonObject { ["janus"] = "attach", ["plugin"] = StreamingPlugin }, cancellationToken));

    /// <summary>A message to the plugin: the plugin's own answer for a synchronous request, Janus's ack for an asynchronous one.</summary>
    public async Task<JsonObject> MessageAsync(long session, long handle, JsonObject body, JsonObject? jsep, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsep is not null)
        {
            request["jsep"] = jsep;
        }

        var answer = await PostAsync($"/{session}/{handle}", request, cancellationToken);
        return answer["plugindata"]?["data"] as JsonObject ?? answer;
    }

    /// <summary>The session's next event (long poll, up to 30 s; an empty keepalive when nothing came).</summary>
    public async Task<JsonObject> NextEventAsync(long session, CancellationToken cancellationToken)
    {
        // The long poll's only way to authenticate is the query; this URL is used by the server side only and never logged.
        using var response = await http.GetAsync($"janus/{session}?maxev=1&apisecret={Uri.EscapeDataString(apiSecret)}", cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) as JsonObject ?? throw new JanusException(0, "empty event");
        return ThrowIfError(answer);
    }

    public Task KeepAliveAsync(long session, CancellationToken cancellationToken) =>
        PostAsync($"/{session}", new JsonObject { ["janus"] = "keepalive" }, cancellationToken);

    public Task DestroyAsync(long session, CancellationToken cancellationToken) =>
        PostAsync($"/{session}", new JsonObject { ["janus"] = "destroy" }, cancellationToken);

    /// <summary>One synchronous streaming-plugin request in a session of its own (create, destroy, info of a mountpoint).</summary>
    public async Task<JsonObject> StreamingRequestAsync(JsonObject body, CancellationToken cancellationToken)
    {
        var session = await CreateSessionAsync(cancellationToken);
        try
        {
            var handle = await AttachAsync(session, cancellationToken);
            return await MessageAsync(session, handle, body, null, cancellationToken);
        }
        finally
        {
            await DestroyAsync(session, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task<JsonObject> PostAsync(string path, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        request["apisecret"] = apiSecret;
        using var response = await http.PostAsync($"janus{path}", new StringContent(request.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
        var answer = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) as JsonObject ?? throw new JanusException(0, "empty answer");
        return ThrowIfError(answer);
    }

    private static JsonObject ThrowIfError(JsonObject answer)
    {
        if ((string?)answer["janus"] == "error")
        {
            throw new JanusException((int?)answer["error"]?["code"] ?? 0, (string?)answer["error"]?["reason"] ?? "unknown");
        }

        return answer;
    }

    private static long Id(JsonObject answer) => (long?)answer["data"]?["id"] ?? throw new JanusException(0, "no id in the answer");
}

/// <summary>Janus answered with an error (its code and reason: 458 no such session, 459 no such handle, ...).</summary>
public sealed class JanusException(int code, string reason) : Exception($"Janus error {code}: {reason}")
{
    public int Code => code;
}
