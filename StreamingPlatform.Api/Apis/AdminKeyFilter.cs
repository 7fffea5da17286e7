using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Admin;
using StreamingPlatform.Api.Infrastructure;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Apis;

/// <summary>
/// Answers 401 unless the X-Api-Key header carries the admin key, and 429 (with Retry-After) to an address that
/// failed too often (<see cref="AdminKeyLimiter"/>): the key cannot be guessed at thousands of tries a second.
/// </summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options, AdminKeyLimiter limiter, FailedKeyLog failures) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var address = ClientAddress.Of(http.Connection.RemoteIpAddress);
        var (allowed, retryAfter) = limiter.MayTry(address);
        if (!allowed)
        {
            ApiTelemetry.CountAdminKeyCheck("rate_limited");
            failures.Limited(address);
            var seconds = (int)Math.Ceiling((retryAfter ?? TimeSpan.FromSeconds(options.Value.FailedKeyWindowSeconds)).TotalSeconds);
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many wrong admin keys",
                detail: $"This address sent too many wrong keys; try again in {seconds} s.");
        }

        var given = Encoding.UTF8.GetBytes(http.Request.Headers[HeaderName].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, _key))
        {
            limiter.CountFailure(address);
            ApiTelemetry.CountAdminKeyCheck("wrong_key");
            failures.Failed(address);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required",
                detail: $"Send the admin API key in the {HeaderName} header.");
        }

        ApiTelemetry.CountAdminKeyCheck("accepted");
        return await next(context);
    }
}
