using StackExchange.Redis;
using StreamingPlatform.Api.Hooks;
using StreamingPlatform.BroadcastState;

namespace StreamingPlatform.Api.GoLive;

/// <summary>
/// Each publish grant's single use, and what the publish hook answered it, for the browser session that made it (which
/// then tells its page "live" or why not). <see cref="StoreKeys.GoLiveGrant"/> holds <c>taken</c>, then the outcome.
/// </summary>
public sealed class GrantStore(IConnectionMultiplexer redis)
{
    private const string Taken = "taken";

    private IDatabase Database => redis.GetDatabase();

    /// <summary>True the first time only: a grant read off a command line cannot publish again.</summary>
    public Task<bool> TakeAsync(string grantId) =>
        Database.StringSetAsync(StoreKeys.GoLiveGrant(grantId), Taken, PublishGrant.UseMemory, When.NotExists);

    public Task RecordAsync(string grantId, PublishOutcome outcome) =>
        Database.StringSetAsync(StoreKeys.GoLiveGrant(grantId), outcome.TagValue(), PublishGrant.UseMemory, When.Exists);

    /// <summary>The publish hook's answer to the grant (a <see cref="PublishOutcomeExtensions.TagValue"/>), or null while none came.</summary>
    public async Task<string?> OutcomeAsync(string grantId) =>
        await Database.StringGetAsync(StoreKeys.GoLiveGrant(grantId)) is { HasValue: true } value && value != Taken ? value.ToString() : null;
}
