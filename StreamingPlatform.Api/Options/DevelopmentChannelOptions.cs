namespace StreamingPlatform.Api.Options;

/// <summary>
/// A channel created at start-up when missing, so a fresh `dotnet run` can be published to at once. The AppHost gives the
/// key, a secret generated once per machine (its <c>development-stream-key</c> parameter); /admin shows it.
/// </summary>
public sealed class DevelopmentChannelOptions
{
    public const string Section = "Channels:Development";

    /// <summary>
    /// The key this channel had while it was a fixed value printed in the README. A channel still keyed by it is given
    /// the configured key at start-up: anyone on the network who read the README could publish to it.
    /// </summary>
    public const string PublishedKey = "development-stream-key";

    public string? Name { get; set; }

    public string? Key { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(Name) && !string.IsNullOrEmpty(Key);
}
