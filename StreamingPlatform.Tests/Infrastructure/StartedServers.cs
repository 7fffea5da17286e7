namespace StreamingPlatform.Tests.Infrastructure;

/// <summary>
/// The servers a fixture started, stopped in the reverse order: each goes before the ones it uses, and whatever started
/// before a failing start-up is stopped too.
/// </summary>
internal sealed class StartedServers : IAsyncDisposable
{
    private readonly Stack<IAsyncDisposable> _started = new();

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
