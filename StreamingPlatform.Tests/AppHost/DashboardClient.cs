using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using StreamingPlatform.Tests.Infrastructure;

namespace StreamingPlatform.Tests.AppHost;

/// <summary>A span as the Aspire dashboard's telemetry API returns it (OTLP JSON), with the service that sent it.</summary>
internal sealed record DashboardSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>
/// The real Aspire dashboard of a running AppHost: its telemetry API (<c>/api/telemetry/traces</c>, OTLP JSON, with
/// the API key the AppHost gave it), the same data its trace pages show, and those pages in Chromium.
/// </summary>
internal sealed class DashboardClient(HttpClient http, Uri loginUrl)
{
    public static async Task<DashboardClient> ConnectAsync(DistributedApplication app, string apiKey)
    {
        var loginUrl = await app.GetDashboardUrlAsync();
        var http = new HttpClient { BaseAddress = new Uri(loginUrl.GetLeftPart(UriPartial.Authority)), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return new DashboardClient(http, loginUrl);
    }

    /// <summary>The spans of the trace that holds a span tagged with this broadcast's session id, or null.</summary>
    /// <remarks>
    /// Found by that tag (the API's <c>@attribute:value</c> search): the trace listing holds only the 100 most recent
    /// traces, and every request to the Api is one, so a test that polls the Api pushes the broadcast's trace out of it.
    /// Failing that, it is looked for among the spans of those 100, which the listing returns whole.
    /// </remarks>
    public async Task<IReadOnlyList<DashboardSpan>?> TraceSpansAsync(string sessionId)
    {
        var search = Uri.EscapeDataString($"@streaming.session.id:{sessionId}");
        var traceId = Spans(await GetJsonAsync($"api/telemetry/spans?search={search}&limit=1")).FirstOrDefault()?.TraceId
            ?? Spans(await GetJsonAsync("api/telemetry/traces")).FirstOrDefault(s => s.Attributes.GetValueOrDefault("streaming.session.id") == sessionId)?.TraceId;
        return traceId is null ? null : Spans(await GetJsonAsync($"api/telemetry/traces/{traceId}")).ToList();
    }

    /// <summary>What the dashboard holds, for a failure's message: its span count, and the services and broadcasts of its latest spans.</summary>
    public async Task<string> DescribeAsync()
    {
        try
        {
            var latest = await GetJsonAsync("api/telemetry/spans?limit=500");
            var spans = Spans(latest).ToList();
            var total = latest.TryGetProperty("totalCount", out var count) ? count.ToString() : "?";
            var sessions = spans.Select(s => s.Attributes.GetValueOrDefault("streaming.session.id")).OfType<string>().Distinct().TakeLast(10);
            return $"The dashboard holds {total} spans; its latest {spans.Count} come from [{string.Join(", ", spans.Select(s => s.Service).Distinct())}]"
                + $" and name the broadcasts [{string.Join(", ", sessions)}].";
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException or JsonException)
        {
            return $"The dashboard could not be read: {exception.Message}";
        }
    }

    /// <summary>The dashboard's page of that trace in Chromium, as an operator sees it.</summary>
    public async Task ScreenshotTraceAsync(string traceId, string name)
    {
        await using var browser = await Browser.LaunchAsync();
        // Tall enough for the whole trace: the dashboard scrolls its span grid inside the page.
        var page = await browser.Instance.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 1300 } });
        await page.GotoAsync(loginUrl.ToString());
        await page.GotoAsync(new Uri(http.BaseAddress!, $"traces/detail/{traceId}").ToString());
        await page.GetByText("vod remux").First.WaitForAsync(new() { Timeout = 30_000 });
        await Browser.ScreenshotAsync(page, name);
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"dashboard {path}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 500)]}");
        }

        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every span in an OTLP JSON document, wherever the API nests its resourceSpans.</summary>
    private static IEnumerable<DashboardSpan> Spans(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            return element.EnumerateArray().SelectMany(Spans);
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        if (element.TryGetProperty("resourceSpans", out var resourceSpans))
        {
            return resourceSpans.EnumerateArray().SelectMany(ResourceSpans);
        }

        return element.EnumerateObject().SelectMany(property => Spans(property.Value));
    }

    private static IEnumerable<DashboardSpan> ResourceSpans(JsonElement resourceSpans)
    {
        var service = Attributes(resourceSpans.GetProperty("resource")).GetValueOrDefault("service.name", "");
        foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
        {
            var scope = scopeSpans.TryGetProperty("scope", out var scopeInfo) && scopeInfo.TryGetProperty("name", out var scopeName) ? scopeName.GetString() ?? "" : "";
            foreach (var span in scopeSpans.GetProperty("spans").EnumerateArray())
            {
                yield return new DashboardSpan(
                    service,
                    scope,
                    span.GetProperty("traceId").GetString()!,
                    span.GetProperty("spanId").GetString()!,
                    span.TryGetProperty("parentSpanId", out var parent) ? parent.GetString() ?? "" : "",
                    span.GetProperty("name").GetString()!,
                    Attributes(span));
            }
        }
    }

    private static Dictionary<string, string> Attributes(JsonElement owner) =>
        owner.TryGetProperty("attributes", out var attributes)
            ? attributes.EnumerateArray().GroupBy(a => a.GetProperty("key").GetString()!).ToDictionary(
                a => a.Key,
                a => a.First().GetProperty("value").EnumerateObject().Select(v => v.Value.ToString()).FirstOrDefault() ?? "")
            : [];
}
