using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Hooks;

/// <summary>Answers 403 to any hook call that does not carry the shared hook secret.</summary>
public sealed class HookSecretFilter(IOptions<HookOptions> options, ILogger<HookSecretFilter> logger) : IEndpointFilter
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.Secret);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var given = Encoding.UTF8.GetBytes(http.Request.Query["secret"].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, _secret))
        {
            HookLog.HookSecretRejected(logger, http.Request.Path, http.Connection.RemoteIpAddress?.ToString());
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Hook secret missing or wrong",
                detail: "Hook endpoints are called by nginx-rtmp with the configured hook secret.");
        }

        return await next(context);
    }
}
