namespace Aspire.Hosting;

/// <summary>
/// Redis holds channels, keys, the outbox and the VOD catalogue: every write goes to an append-only file synced once a
/// second, so a crash loses at most a second of them (a snapshot a minute could lose a minute). Both modes use it.
/// </summary>
internal static class RedisDurability
{
    public static readonly string[] Arguments = ["--appendonly", "yes", "--appendfsync", "everysec"];
}
