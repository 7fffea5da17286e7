using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState;

/// <summary>
/// The Redis scripts, embedded from <c>Scripts/*.lua</c>. Each takes named parameters (<c>@sessionKey</c>): run them with
/// <see cref="LuaScript.EvaluateAsync"/> and an object whose members have those names; members of type
/// <see cref="RedisKey"/> are passed as keys. The keys that are the same on every call (<see cref="Fixed"/>) are written
/// into the text instead, so no call writes them and Redis does not read them (this platform's Redis is one node: nothing
/// needs every key a script touches among its KEYS). Any JSON a script stores is built in C# and handed to it.
/// StackExchange.Redis sends a script as EVALSHA and, to a Redis that lost its scripts (a restart, SCRIPT FLUSH), its text
/// again (SessionScriptTests flushes Redis's scripts between two publishes).
/// </summary>
public static partial class StoreScripts
{
    private static readonly Dictionary<string, RedisKey> Fixed = new()
    {
        ["openBroadcasts"] = StoreKeys.OpenBroadcasts,
        ["leaseDeadlines"] = StoreKeys.LeaseDeadlines,
        ["outboxDue"] = StoreKeys.OutboxDue,
        ["outboxPayloads"] = StoreKeys.OutboxPayloads,
        ["ladderBroadcasts"] = StoreKeys.LadderBroadcasts,
        ["webhooks"] = StoreKeys.Webhooks,
    };

    public static readonly LuaScript Publish = Load("claim-session.lua", "mark-ladder-broadcast.lua", "start-media-clock.lua", "publish.lua");
    public static readonly LuaScript PublishWithKey = Load("claim-session.lua", "mark-ladder-broadcast.lua", "start-media-clock.lua", "publish-with-key.lua");
    public static readonly LuaScript StartSession = Load("claim-session.lua", "start-session.lua");
    public static readonly LuaScript RenewSession = Load("renew-session.lua");
    public static readonly LuaScript EndSession = Load("close-broadcast.lua", "end-session.lua");
    public static readonly LuaScript EndExpiredSession = Load("close-broadcast.lua", "end-expired-session.lua");
    public static readonly LuaScript ListExpiredSessions = Load("list-expired-sessions.lua");
    public static readonly LuaScript RegisterRecording = Load("register-recording.lua");
    public static readonly LuaScript ObserveMediaClock = Load("observe-media-clock.lua");
    public static readonly LuaScript RenewIfHeld = Load("renew-if-held.lua");
    public static readonly LuaScript DeleteIfHeld = Load("delete-if-held.lua");
    public static readonly LuaScript ReportPresence = Load("report-presence.lua");
    public static readonly LuaScript QueueWebhookEvent = Load("queue-webhook-event.lua");
    public static readonly LuaScript FinishWebhookDelivery = Load("finish-webhook-delivery.lua");

    private static LuaScript Load(params string[] files) =>
        LuaScript.Prepare(Parameter().Replace(string.Concat(files.Select(Read)), m => Fixed.TryGetValue(m.Groups[1].Value, out var key) ? $"'{key}'" : m.Value));

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();

    /// <summary>The script without its comment lines: they are for readers of the .lua files, and were 40 % of the publish script's text.</summary>
    private static string Read(string file)
    {
        using var stream = typeof(StoreScripts).Assembly.GetManifestResourceStream(file)
            ?? throw new InvalidOperationException($"The script {file} is not embedded in {typeof(StoreScripts).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var code = new StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (!line.TrimStart().StartsWith("--", StringComparison.Ordinal))
            {
                code.Append(line).Append('\n');
            }
        }

        return code.ToString();
    }
}
