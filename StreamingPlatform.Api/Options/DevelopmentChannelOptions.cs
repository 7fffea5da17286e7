namespace StreamingPlatform.Api.Options;

/// <summary>A channel created at start-up when missing, so a fresh `dotnet run` can be published to at once.</summary>
public sealed class DevelopmentChannelOptions
{
    public const string Section = "Channels:Development";

    public string? Name { get; set; }

    public string? Key { get; set; }
}
