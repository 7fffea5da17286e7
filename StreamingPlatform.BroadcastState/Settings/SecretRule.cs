namespace StreamingPlatform.BroadcastState.Settings;

/// <summary>What every shared secret setting must be: too long to guess, and safe in a URL (nginx puts some in hook URLs).</summary>
public static class SecretRule
{
    public const string Pattern = @"^[A-Za-z0-9._~-]{16,}\z";

    /// <summary>The end of the error message, after the setting's name.</summary>
    public const string Message = " must be at least 16 URL-safe characters (A-Z a-z 0-9 . _ ~ -).";
}
