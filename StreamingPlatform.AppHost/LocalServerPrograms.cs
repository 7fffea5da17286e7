namespace Aspire.Hosting;

/// <summary>A program the local-servers mode runs, where Debian installs it, and the package that does.</summary>
internal sealed record LocalServerProgram(string Name, string DebianPackage, params string[] Candidates)
{
    /// <summary>The program's full path: an absolute candidate that exists, or a bare name found on PATH (and sbin).</summary>
    public string? Find()
    {
        foreach (var candidate in Candidates)
        {
            if (Path.IsPathRooted(candidate))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }

                continue;
            }

            // sbin is not on a normal user's PATH, but nginx lives there.
            var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
            foreach (var folder in folders)
            {
                var path = Path.Combine(folder, candidate);
                if (File.Exists(path))
                {
                    return path;
                }
            }
        }

        return null;
    }

    public string RequiredPath => Find() ?? throw new InvalidOperationException($"{Name} is not installed (Debian package {DebianPackage}).");
}

/// <summary>Everything the local-servers mode starts, directly or through nginx-rtmp/entrypoint.sh and the VodWorker.</summary>
internal static class LocalServerPrograms
{
    public static readonly LocalServerProgram Redis = new("redis-server", "redis-server", "redis-server");

    // /usr/sbin/rabbitmq-server switches to the rabbitmq user and fails for a folder of ours; this script does not.
    public static readonly LocalServerProgram RabbitMq = new("rabbitmq-server", "rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server");

    public static readonly LocalServerProgram Nginx = new("nginx", "nginx", "nginx");

    // nginx.conf.template loads the module from this path, as in the container.
    public static readonly LocalServerProgram RtmpModule = new("the nginx RTMP module", "libnginx-mod-rtmp", "/usr/lib/nginx/modules/ngx_rtmp_module.so");

    public static readonly LocalServerProgram Envsubst = new("envsubst", "gettext-base", "envsubst");

    public static readonly LocalServerProgram Ffmpeg = new("ffmpeg", "ffmpeg", "ffmpeg");

    public static readonly LocalServerProgram Ffprobe = new("ffprobe", "ffmpeg", "ffprobe");

    // HTTPS and RTMPS (AppHost:Tls, docs/https.md): Caddy in front, nginx's stream module for RTMPS.
    public static readonly LocalServerProgram Caddy = new("caddy", "caddy", "/usr/bin/caddy", "caddy");

    public static readonly LocalServerProgram StreamModule = new("the nginx stream module", "libnginx-mod-stream", "/usr/lib/nginx/modules/ngx_stream_module.so");

    // Runs Caddy as nginx's worker user when the AppHost is root (HttpsFront.cs).
    public static readonly LocalServerProgram Setpriv = new("setpriv", "util-linux", "setpriv");

    public static IReadOnlyList<LocalServerProgram> Tls { get; } = [Caddy, StreamModule, Setpriv];

    public static IReadOnlyList<LocalServerProgram> All { get; } = [Redis, RabbitMq, Nginx, RtmpModule, Envsubst, Ffmpeg, Ffprobe];

    public static IReadOnlyList<LocalServerProgram> Missing() => All.Where(program => program.Find() is null).ToList();
}
