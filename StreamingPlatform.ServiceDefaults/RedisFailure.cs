using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisFailure
{
    /// <summary>True for the failures that mean "Redis cannot be reached now", as opposed to a bug.</summary>
    public static bool IsUnavailable(Exception exception) =>
        exception is RedisConnectionException or RedisTimeoutException;
}
