using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace StreamingPlatform.BroadcastState.Settings;

/// <summary>
/// A secret setting keeps <see cref="SecretRule"/>, and its error names the setting. Unset passes (an optional secret's
/// feature is off without it); empty is refused like any other short value, where <c>[RegularExpression]</c> would let
/// it by.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretSettingAttribute(string setting) : ValidationAttribute(setting + SecretRule.Message)
{
    public override bool IsValid(object? value) => value is null || value is string secret && Regex.IsMatch(secret, SecretRule.Pattern);
}
