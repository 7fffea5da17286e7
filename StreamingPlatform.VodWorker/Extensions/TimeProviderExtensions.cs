namespace StreamingPlatform.VodWorker;

internal static class TimeProviderExtensions
{
    /// <summary>Waits for the next round of a periodic job: false when the host is stopping.</summary>
    public static async Task<bool> WaitForNextRoundAsync(this TimeProvider time, TimeSpan interval, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval, time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
