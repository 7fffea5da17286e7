namespace StreamingPlatform.Api.Sessions;

public enum RenewResult
{
    Renewed,
    /// <summary>The lease expired (or Redis lost it): the name is free.</summary>
    Missing,
    /// <summary>Another publisher holds the name.</summary>
    NotOwner,
}
