using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StreamingPlatform.Api.Options;
using StreamingPlatform.Api.Webhooks;
using StreamingPlatform.BroadcastState.Ladder;
using StreamingPlatform.BroadcastState.Realtime;
using StreamingPlatform.BroadcastState.Restream;
using StreamingPlatform.BroadcastState.Settings;

namespace StreamingPlatform.Tests.BroadcastState;

/// <summary>Every secret setting keeps the one secret rule, and its error names the setting as <see cref="SettingNames"/> spells it.</summary>
public sealed class SecretSettingsTests
{
    private static readonly Dictionary<string, Func<string?, object>> OptionsWith = new()
    {
        [SettingNames.HookSecret] = value => new HookOptions { Secret = value! },
        [SettingNames.LadderSecret] = value => new LadderOptions { Secret = value },
        [SettingNames.JanusApiSecret] = value => new RealtimeOptions { ApiSecret = value },
        [SettingNames.RestreamSecret] = value => new RestreamOptions { Secret = value },
        [SettingNames.WebhooksSecret] = value => new WebhookOptions { Secret = value },
    };

    public static TheoryData<string> SecretSettings => [.. OptionsWith.Keys];

    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void ASecretSettingTakesSixteenUrlSafeCharactersOrMoreAndNamesItselfWhenRefused(string setting)
    {
        Assert.Empty(Problems(setting, "generatedSecret0123456789ABCDEFabcdef"));
        Assert.Empty(Problems(setting, "A-Z.a_z~0123456789"));

        foreach (var refused in new[] { "short-0123456", "with spaces 0123456789", "with/slash/0123456789", "with%25percent0123456789" })
        {
            var problem = Assert.Single(Problems(setting, refused));
            Assert.Equal(setting + SecretRule.Message, problem.ErrorMessage);
        }
    }

    /// <summary>
    /// Empty is not unset: an empty secret is refused (data annotations' regular expression lets it by), with the setting's
    /// name. Only an unset optional secret turns its feature off.
    /// </summary>
    [Theory]
    [MemberData(nameof(SecretSettings))]
    public void AnEmptySecretSettingIsRefusedWithItsName(string setting)
    {
        var problem = Assert.Single(Problems(setting, ""));
        Assert.StartsWith(setting + " ", problem.ErrorMessage);
    }

    [Fact]
    public async Task AServiceWithAnEmptyRestreamSecretFailsToStartNamingTheSetting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection([new(SettingNames.RestreamSecret, "")]);
        builder.Services.AddRestreamStore();
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(SettingNames.RestreamSecret + SecretRule.Message, failure.Message);
    }

    [Fact]
    public void AnUnsetOptionalSecretIsNoProblem()
    {
        Assert.Empty(Problems(SettingNames.RestreamSecret, null));
        Assert.Empty(Problems(SettingNames.WebhooksSecret, null));
        Assert.Empty(Problems(SettingNames.LadderSecret, null));
        Assert.Empty(Problems(SettingNames.JanusApiSecret, null));
    }

    /// <summary>The setting's property is the last part of its name (<c>Ladder:Secret</c>: <c>Secret</c>).</summary>
    private static List<ValidationResult> Problems(string setting, string? value)
    {
        var options = OptionsWith[setting](value);
        var property = setting[(setting.LastIndexOf(':') + 1)..];
        var results = new List<ValidationResult>();
        Validator.TryValidateProperty(options.GetType().GetProperty(property)!.GetValue(options), new ValidationContext(options) { MemberName = property }, results);
        return results;
    }
}
