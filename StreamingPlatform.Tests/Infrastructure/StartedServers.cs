namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The servers a fixture started, stopped in the reverse order: each goes before the ones it uses, and whatever started
/// before a failing start-up is stopped too.
/// </summary>
internal sealed class StartedServers : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _started = new();

    /// <summary>
    /// The server once <paramref name="start"/> has brought it up. A start that fails or times out stops the server first:
    /// the caller never gets it, so nobody else could.
    /// </summary>
    public static async Task<T> StartAsync<T>(T server, Func<T, Task> start)
        where T : IAsyncDisposable
    {
        try
        {
            await start(server);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public T Add<T>(T server)
        where T : IAsyncDisposable
    {
        _started.Push(server);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        while (_started.TryPop(out var server))
        {
            await server.DisposeAsync();
        }
    }
}
