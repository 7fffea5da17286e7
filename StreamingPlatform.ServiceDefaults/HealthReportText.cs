using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// /health as plain text: the status word alone when healthy (what probes and the tests read), else the word and one
/// line per check that is not healthy, <c>name: description</c>, so an operator sees why (a low media disk, Redis away).
/// </summary>
public static class HealthReportText
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(Format(report));
    }

    public static string Format(HealthReport report) => string.Join('\n',
        report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Status.ToString()}")
            .Prepend(report.Status.ToString()));
}
