using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aspire.Hosting;

/// <summary>redis-server as a process: the same connection string shape as the container (host:port).</summary>
internal sealed class LocalRedisResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

/// <summary>rabbitmq-server as a process: RabbitMQ lets its default guest user in from loopback only, which this is.</summary>
internal sealed class LocalRabbitMqResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, "tcp");

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"amqp://guest:guest@{PrimaryEndpoint.Property(EndpointProperty.HostAndPort)}");
}

/// <summary>
/// The local-servers mode: Redis, RabbitMQ and nginx-rtmp from Debian's packages as Aspire executables, with their
/// data under the AppHost's data folder (<c>.data/</c> at the repository root unless <c>AppHost:DataPath</c> says
/// otherwise). The dashboard shows them with their logs and health like the containers, and the services get the
/// same connection strings and environment.
/// </summary>
internal static class LocalServers
{
    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var folder = builder.DataFolder(name);
        var redis = builder.AddResource(new LocalRedisResource(name, LocalServerPrograms.Redis.RequiredPath, folder))
            .WithEndpoint(name: "tcp", scheme: "tcp")
            .WithArgs(context =>
            {
                var redis = (LocalRedisResource)context.Resource;
                context.Args.Add("--port");
                context.Args.Add(redis.PrimaryEndpoint.Property(EndpointProperty.TargetPort));
                foreach (var argument in (string[])["--bind", "127.0.0.1", "--dir", folder, .. RedisDurability.Arguments])
                {
                    context.Args.Add(argument);
                }
            });
        return redis.WithProbe(TcpProbeHealthCheck.RedisPing(redis.Resource.PrimaryEndpoint));
    }

    public static IResourceBuilder<LocalRabbitMqResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name)
    {
        var folder = builder.DataFolder(name);
        // A node name of its own per data folder: the queues in it belong to that name, and two AppHosts (a developer's
        // and a test's) never share one.
        var node = $"{name}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..8]}@localhost";
        var rabbitMq = builder.AddResource(new LocalRabbitMqResource(name, LocalServerPrograms.RabbitMq.RequiredPath, folder))
            .WithEndpoint(name: "tcp", scheme: "tcp", env: "RABBITMQ_NODE_PORT")
            .WithEnvironment("HOME", folder)
            .WithEnvironment("RABBITMQ_NODENAME", node)
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_DIST_PORT", FreeLoopbackPort().ToString())
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(folder, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(folder, "log"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(folder, "enabled_plugins"))
            // Crash dumps land in the working folder: keep them out of the repository.
            .WithEnvironment("ERL_CRASH_DUMP", Path.Combine(folder, "log", "erl_crash.dump"))
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1}")
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1");
        return rabbitMq.WithProbe(TcpProbeHealthCheck.AmqpHeader(rabbitMq.Resource.PrimaryEndpoint));
    }

    /// <summary>nginx with the RTMP module through nginx-rtmp/entrypoint.sh and the template the container uses.</summary>
    public static IResourceBuilder<ExecutableResource> AddLocalNginxRtmp(
        this IDistributedApplicationBuilder builder, string name, string mediaRoot, string hlsFolder, string dvrFolder)
    {
        var nginxFolder = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "nginx-rtmp"));
        var runtime = builder.DataFolder(name);
        return builder.AddExecutable(name, Path.Combine(nginxFolder, "entrypoint.sh"), runtime)
            .WithEnvironment("NGINX_CONF_TEMPLATE", Path.Combine(nginxFolder, "nginx.conf.template"))
            .WithEnvironment("NGINX_RUNTIME_PATH", runtime)
            // The loopback port of nginx-rtmp's hook proxy (hook-proxy.conf.template): 8081 in the container, a free one here.
            .WithEnvironment("HOOK_PROXY_PORT", FreeLoopbackPort().ToString())
            .WithEnvironment("HLS_PATH", hlsFolder)
            .WithEnvironment("DVR_PATH", dvrFolder)
            .WithEnvironment("RECORDINGS_PATH", Path.Combine(mediaRoot, "recordings"));
    }

    internal static IResourceBuilder<T> WithProbe<T>(this IResourceBuilder<T> builder, IHealthCheck probe) where T : IResource
    {
        var key = $"{builder.Resource.Name}_check";
        builder.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => probe, failureStatus: null, tags: null));
        return builder.WithHealthCheck(key);
    }

    internal static string DataFolder(this IDistributedApplicationBuilder builder, string name) =>
        Directory.CreateDirectory(Path.Combine(builder.DataRoot(), name)).FullName;

    // Ports a server needs fixed before it starts and that never leave loopback (Erlang's distribution, nginx's hook proxy).
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
