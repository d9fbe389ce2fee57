using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Settings;

public sealed class EffectiveSettingsBuilderTests
{
    private static SettingsDocument Doc(SettingsSource source, string json, string? path = null)
    {
        var file = JsonFileReader.Parse(json, path ?? $"/{source.ShortName()}.json").Value!;
        return SettingsDocument.FromFile(source, file);
    }

    [Fact]
    public void Scalar_HighestTierWins_AndRemembersWhatItOverrode()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.User, """{"model":"u"}"""), Doc(SettingsSource.Project, """{"model":"p"}"""), Doc(SettingsSource.Local, "{\n\"model\":\"l\"}")],
            trusted: true);

        var model = result.Get("model")!;
        Assert.Equal("l", model.Value.GetString());
        Assert.Equal(SettingsSource.Local, model.Source);
        Assert.Equal(2, model.Location.Line);
        Assert.Equal(["/project.json", "/user.json"], model.Overridden.Select(o => o.Path));
    }

    [Fact]
    public void Arrays_ConcatenateAcrossTiers_HighestFirst()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.User, """{"permissions":{"additionalDirectories":["/u"]}}"""), Doc(SettingsSource.Managed, """{"permissions":{"additionalDirectories":["/m"]}}""")],
            trusted: true);

        Assert.Equal(["/m", "/u"], result.Get("permissions.additionalDirectories")!.Value.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void ManagedDropIns_LaterFileWinsScalars()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.Managed, """{"cleanupPeriodDays":90}""", "/m/managed-settings.json"), Doc(SettingsSource.Managed, """{"cleanupPeriodDays":120}""", "/m/managed-settings.d/10.json"), Doc(SettingsSource.User, """{"cleanupPeriodDays":7}""")],
            trusted: true);

        Assert.Equal(120, result.Get("cleanupPeriodDays")!.Value.GetInt32());
        Assert.Equal("/m/managed-settings.d/10.json", result.Get("cleanupPeriodDays")!.Location.Path);
    }

    [Fact]
    public void PermissionRules_KeepTierFileLineAndColumn()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.Project, "{\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(npm run *)\",\n      \"Read(src/**)\"\n    ]\n  }\n}")],
            trusted: true);

        var rule = Assert.Single(result.PermissionRules, r => r.Rule == "Read(src/**)");
        Assert.Equal(PermissionList.Allow, rule.List);
        Assert.Equal(SettingsSource.Project, rule.Source);
        Assert.Equal((5, 7), (rule.Location.Line, rule.Location.Column));
        Assert.Equal("/permissions/allow/1", rule.Location.JsonPointer);
        Assert.True(rule.Applied);
    }

    [Fact]
    public void Untrusted_DropsProjectAllowRulesAndAdditionalDirectories_ButKeepsDenyAndAsk()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.Project, """{"permissions":{"allow":["Bash"],"ask":["Bash(git push *)"],"deny":["Read(.env)"],"additionalDirectories":["/"]},"enableAllProjectMcpServers":true}"""),
             Doc(SettingsSource.Local, """{"permissions":{"allow":["Bash(ls *)"]}}""")],
            trusted: false);

        var allow = result.PermissionRules.Single(r => r.Rule == "Bash");
        Assert.False(allow.Applied);
        Assert.Contains("not trusted", allow.IgnoredBecause, StringComparison.Ordinal);
        Assert.True(result.PermissionRules.Single(r => r.Rule == "Bash(ls *)").Applied);
        Assert.True(result.PermissionRules.Single(r => r.List == PermissionList.Deny).Applied);
        Assert.True(result.PermissionRules.Single(r => r.List == PermissionList.Ask).Applied);
        Assert.Null(result.Get("permissions.additionalDirectories"));
        Assert.Null(result.Get("enableAllProjectMcpServers"));
    }

    [Fact]
    public void AutoModeFromProjectFile_IsIgnored()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.Project, """{"permissions":{"defaultMode":"auto"}}"""), Doc(SettingsSource.User, """{"permissions":{"defaultMode":"acceptEdits"}}""")],
            trusted: true);

        Assert.Equal("acceptEdits", result.GetString("permissions.defaultMode"));
    }

    [Fact]
    public void AllowManagedPermissionRulesOnly_DisablesOtherTiersRules()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.Managed, """{"allowManagedPermissionRulesOnly":true,"permissions":{"deny":["WebFetch"]}}"""), Doc(SettingsSource.User, """{"permissions":{"allow":["Bash"],"deny":["Read(~/.ssh/**)"]}}""")],
            trusted: true);

        Assert.True(result.PermissionRules.Single(r => r.Rule == "WebFetch").Applied);
        Assert.All(result.PermissionRules.Where(r => r.Source == SettingsSource.User), r => Assert.False(r.Applied));
    }

    [Fact]
    public void Hooks_MergeFromEveryTierWithLocations()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.User, """{"hooks":{"PreToolUse":[{"matcher":"Bash","hooks":[{"type":"command","command":"audit.sh","args":["--x"]}]}]}}"""),
             Doc(SettingsSource.Project, """{"hooks":{"SessionStart":[{"hooks":[{"type":"http","url":"https://h.example.com"}]}]}}""")],
            trusted: false);

        Assert.Equal(2, result.Hooks.Count);
        var pre = result.Hooks.Single(h => h.Event == "PreToolUse");
        Assert.Equal(("Bash", "command", "audit.sh --x"), (pre.Matcher, pre.Type, pre.Command));
        Assert.Equal("/hooks/PreToolUse/0/hooks/0", pre.Location.JsonPointer);
        Assert.Equal("https://h.example.com", result.Hooks.Single(h => h.Source == SettingsSource.Project).Command);
        Assert.Null(result.Get("hooks"));
    }

    [Fact]
    public void WrongTypes_AreToleratedNotThrown()
    {
        var result = EffectiveSettingsBuilder.Build(
            [Doc(SettingsSource.User, """{"permissions":{"allow":"Bash","deny":[1,null,"Read(x)"]},"hooks":"nope"}""")],
            trusted: true);

        Assert.Equal(["Read(x)"], result.PermissionRules.Select(r => r.Rule));
        Assert.Empty(result.Hooks);
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool Build_NeverThrows_OnArbitraryJson(string? text)
    {
        var parsed = JsonFileReader.Parse(text ?? "{}", "x.json");
        var documents = parsed.Value is null ? [] : new[] { SettingsDocument.FromFile(SettingsSource.Project, parsed.Value) };
        _ = EffectiveSettingsBuilder.Build(documents, trusted: false);
        return true;
    }

    [Fact]
    public void Inline_Documents_HavePseudoLocations()
    {
        var document = SettingsDocument.Inline(SettingsSource.Flag, JsonDocument.Parse("""{"permissions":{"allow":["Bash(ls)"]}}""").RootElement);

        var rule = EffectiveSettingsBuilder.Build([document], true).PermissionRules.Single();

        Assert.Equal("<flag settings>", rule.Location.Path);
    }
}
