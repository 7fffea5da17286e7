using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Apis;

/// <summary>Answers 401 unless the X-Api-Key header carries the admin key.</summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[] _key = Encoding.UTF8.GetBytes(options.Value.ApiKey);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var given = Encoding.UTF8.GetBytes(context.HttpContext.Request.Headers[HeaderName].ToString());
        if (!CryptographicOperations.FixedTimeEquals(given, _key))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin key required",
                detail: $"Send the admin API key in the {HeaderName} header.");
        }

        return await next(context);
    }
}
