using Microsoft.AspNetCore.Diagnostics;

namespace StreamingPlatform.Api.Infrastructure;

/// <summary>Turns "Redis cannot be reached" into a 503 ProblemDetails instead of a bare 500.</summary>
public sealed class RedisUnavailableExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!RedisFailure.IsUnavailable(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Session store unavailable",
                Detail = "Redis cannot be reached; try again shortly.",
            },
        });
    }
}
