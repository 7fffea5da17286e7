using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace StreamingPlatform.BroadcastState;

/// <summary>
/// The Redis scripts, embedded from <c>Scripts/*.lua</c>. Each takes named parameters (<c>@sessionKey</c>): run them with
/// <see cref="StoreScript.EvaluateAsync"/> and an object whose members have those names; members of type
/// <see cref="RedisKey"/> are passed as keys. The keys that are the same on every call (<see cref="Fixed"/>) are written
/// into the text instead, so no call writes them and Redis does not read them (this platform's Redis is one node: nothing
/// needs every key a script touches among its KEYS). Any JSON a script stores is built in C# and handed to it.
/// </summary>
public static partial class StoreScripts
{
    private static readonly Dictionary<string, RedisKey> Fixed = new()
    {
        ["liveIndex"] = StoreKeys.LiveIndex,
        ["openBroadcasts"] = StoreKeys.OpenBroadcasts,
        ["leaseDeadlines"] = StoreKeys.LeaseDeadlines,
        ["outboxDue"] = StoreKeys.OutboxDue,
        ["outboxPayloads"] = StoreKeys.OutboxPayloads,
        ["ladderBroadcasts"] = StoreKeys.LadderBroadcasts,
    };

    public static readonly StoreScript Publish = Load("claim-session.lua", "mark-ladder-broadcast.lua", "start-media-clock.lua", "publish.lua");
    public static readonly StoreScript PublishWithKey = Load("claim-session.lua", "mark-ladder-broadcast.lua", "start-media-clock.lua", "publish-with-key.lua");
    public static readonly StoreScript StartSession = Load("claim-session.lua", "start-session.lua");
    public static readonly StoreScript RenewSession = Load("renew-session.lua");
    public static readonly StoreScript EndSession = Load("close-broadcast.lua", "end-session.lua");
    public static readonly StoreScript EndExpiredSession = Load("close-broadcast.lua", "end-expired-session.lua");
    public static readonly StoreScript ListExpiredSessions = Load("list-expired-sessions.lua");
    public static readonly StoreScript PruneLiveIndex = Load("prune-live-index.lua");
    public static readonly StoreScript RegisterRecording = Load("register-recording.lua");
    public static readonly StoreScript ObserveMediaClock = Load("observe-media-clock.lua");
    public static readonly StoreScript RenewIfHeld = Load("renew-if-held.lua");
    public static readonly StoreScript DeleteIfHeld = Load("delete-if-held.lua");
    public static readonly StoreScript ReportPresence = Load("report-presence.lua");
    public static readonly StoreScript QueueWebhookEvent = Load("queue-webhook-event.lua");
    public static readonly StoreScript FinishWebhookDelivery = Load("finish-webhook-delivery.lua");

    private static StoreScript Load(params string[] files) =>
        new(LuaScript.Prepare(Parameter().Replace(string.Concat(files.Select(Read)), m => Fixed.TryGetValue(m.Groups[1].Value, out var key) ? $"'{key}'" : m.Value)));

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
