// N RTMP publishers in one process, for bench/many-publishers (PUBLISHER=light): each stream publishes the same FLV
// clip, read once, to rtmp://<host>:<port>/live/<name>?key=<key>, in real time by the clip's timestamps, for
// <seconds>. Streams start <starts per second> apart; one loop every <tick ms> sends each stream what is due.
// Stream names and keys come on stdin, one "<name> <key>" a line (a key never goes on a command line).
// Prints "started <name>" as each stream's connection begins and "ended <name> <status> <seconds> <reason>" as it
// ends: status 0 for the whole broadcast then a clean close, 1 when nginx refused the publish or cut the stream.
//   LightPublisher <host> <port> <clip.flv> <seconds> <starts per second> [tick ms=5] < streams
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LightPublisher;

var target = new Target(args[0], int.Parse(args[1], CultureInfo.InvariantCulture), "live", double.Parse(args[3], CultureInfo.InvariantCulture));
var clip = FlvClip.Load(args[2]);
var startsPerSecond = double.Parse(args[4], CultureInfo.InvariantCulture);
var tick = TimeSpan.FromMilliseconds(args.Length > 5 ? double.Parse(args[5], CultureInfo.InvariantCulture) : 5);
var streams = ReadStreams(Console.In);

var publishing = new List<RtmpPublisher>();
var clock = Stopwatch.StartNew();
var runs = streams.Select((stream, i) => RunAsync(stream.Name, stream.Key, TimeSpan.FromSeconds(i / startsPerSecond))).ToArray();
var all = Task.WhenAll(runs);
using (var pacer = new PeriodicTimer(tick))
{
    while (!all.IsCompleted && await pacer.WaitForNextTickAsync())
    {
        RtmpPublisher[] now;
        lock (publishing)
            now = [.. publishing];
        foreach (var publisher in now)
            publisher.Pump();
    }
}
await all;

async Task RunAsync(string name, string key, TimeSpan startAfter)
{
    await Task.Delay(startAfter - clock.Elapsed is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
    Console.WriteLine($"started {name}");
    await using var publisher = new RtmpPublisher(name, key, target, clip);
    if (await publisher.PublishAsync(CancellationToken.None) is { } refused)
    {
        Console.WriteLine($"ended {name} 1 {publisher.Seconds:F1} {refused}");
        return;
    }
    lock (publishing)
        publishing.Add(publisher);
    var cut = await publisher.Ended;
    lock (publishing)
        publishing.Remove(publisher);
    Console.WriteLine($"ended {name} {(cut is null ? 0 : 1)} {publisher.Seconds:F1} {cut ?? "broadcast complete"}");
}

static List<(string Name, string Key)> ReadStreams(TextReader input)
{
    var valid = new Regex(@"^[A-Za-z0-9_-]{1,128}\z");
    var streams = new List<(string, string)>();
    while (input.ReadLine() is { } line)
    {
        if (line.Length == 0)
            continue;
        var parts = line.Split(' ');
        if (parts.Length != 2 || !valid.IsMatch(parts[0]) || !valid.IsMatch(parts[1]))
            throw new FormatException($"line {streams.Count + 1} of stdin is not \"<name> <key>\" of letters, digits, '-' and '_'");
        streams.Add((parts[0], parts[1]));
    }
    return streams;
}
