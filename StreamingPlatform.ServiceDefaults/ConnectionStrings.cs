using Microsoft.Extensions.Configuration;

namespace Microsoft.Extensions.Hosting;

public static class ConnectionStrings
{
    /// <summary><c>ConnectionStrings:{name}</c> (the name Aspire injects), or an error that says what to set.</summary>
    public static string GetRequiredConnectionString(this IConfiguration configuration, string name, string example) =>
        configuration.GetConnectionString(name)
        ?? throw new InvalidOperationException($"Connection string '{name}' is missing: set ConnectionStrings:{name} (for example {example}).");
}
