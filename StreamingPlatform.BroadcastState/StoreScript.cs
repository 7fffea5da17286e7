using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState;

/// <summary>
/// One of <see cref="StoreScripts"/>, sent as EVALSHA by the SHA1 that SCRIPT LOAD answered. StackExchange.Redis (3.4) still
/// looks that SHA1 up by the script's text on every call (its endpoint's script cache, a hash of the whole text), as
/// <see cref="LuaScript.EvaluateAsync"/> does in its own cache. A Redis that lost its scripts (a restart, SCRIPT FLUSH)
/// answers NOSCRIPT, and StackExchange.Redis sends the text it loaded again by itself (SessionScriptTests flushes Redis's
/// scripts between two publishes).
/// </summary>
public sealed class StoreScript(LuaScript script)
{
    private LoadedLuaScript? _loaded;

    /// <summary>Runs the script with <paramref name="parameters"/>: an object whose members have the names of its parameters.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabase database, object parameters) =>
        (_loaded ?? await LoadAsync(database)) is { } loaded
            ? await loaded.EvaluateAsync(database, parameters)
            // No primary connected to load it on: by text, which fails (or waits for the connection) as any command would.
            : await script.EvaluateAsync(database, parameters);

    /// <summary>SCRIPT LOAD on every connected primary (one, for this platform's Redis); the SHA1 is the same on each.</summary>
    private async Task<LoadedLuaScript?> LoadAsync(IDatabase database)
    {
        LoadedLuaScript? loaded = null;
        foreach (var server in database.Multiplexer.GetServers())
        {
            if (server.IsConnected && !server.IsReplica)
            {
                loaded = await script.LoadAsync(server);
            }
        }

        return _loaded = loaded;
    }
}
