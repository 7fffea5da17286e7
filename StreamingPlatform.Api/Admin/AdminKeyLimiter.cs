using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;

namespace StreamingPlatform.Api.Admin;

/// <summary>
/// Counts failed admin key checks per client address in a fixed window (<see cref="AdminOptions.FailedKeyLimit"/> per
/// <see cref="AdminOptions.FailedKeyWindowSeconds"/>). Successes cost nothing, so an admin is never limited by using the
/// key, and an address over the limit has its key not even checked: a right guess during the lock-out says nothing.
/// </summary>
public sealed class AdminKeyLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;

    public AdminKeyLimiter(IOptions<AdminOptions> options)
    {
        var limiter = new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedKeyLimit,
            Window = TimeSpan.FromSeconds(options.Value.FailedKeyWindowSeconds),
            QueueLimit = 0,
        };
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => limiter));
    }

    /// <summary>Whether the address may try a key now; when not, how long until it may (null: unknown).</summary>
    public (bool Allowed, TimeSpan? RetryAfter) MayTry(string address)
    {
        // Zero permits: asks whether any are left without taking one.
        using var lease = _failures.AttemptAcquire(address, 0);
        return (lease.IsAcquired, lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : null);
    }

    public void CountFailure(string address) => _failures.AttemptAcquire(address).Dispose();

    public void Dispose() => _failures.Dispose();
}
