using System.Text.Json;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Settings;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Surface;

public sealed class BaselineConformanceTests
{
    [Theory]
    [InlineData("strict", "anthropics/claude-code/examples/settings/settings-strict.json@5239da6968777c47b4c64e4e16997f92ab21454b")]
    [InlineData("recommended", "anthropics/claude-code/examples/settings/settings-recommended.json@ecd2b468c2977eba9731baf694c12ac2e0770222")]
    [InlineData("hipaa", "anthropics/claude-code/examples/managed-settings/README.md")]
    public void Published_baselines_load_with_their_provenance(string name, string origin)
    {
        var loaded = BaselinePolicy.Load(name);
        Assert.Empty(loaded.Diagnostics);
        Assert.Equal(name, loaded.Value!.Name);
        Assert.StartsWith(origin, loaded.Value.Origin, StringComparison.Ordinal);
        Assert.Equal(name == "hipaa", loaded.Value.ManagedOnly);
    }

    [Fact]
    public void A_machine_whose_managed_policy_is_the_strict_example_conforms_to_strict()
    {
        using var dir = new TempDir();
        var strict = BaselinePolicy.Load("strict").Value!;
        dir.Write("managed/managed-settings.json", strict.Settings.GetRawText());
        dir.Write("home/.claude/settings.json", "{}");
        var deviations = Evaluate(dir, strict);
        Assert.Empty(deviations);
    }

    [Fact]
    public void Every_deviation_names_the_key_the_value_in_force_its_tier_and_file()
    {
        using var dir = new TempDir();
        dir.Write("home/.claude/settings.json", """{"permissions":{"allow":["Bash(curl:*)"],"deny":["WebSearch"]},"sandbox":{"enabled":false,"network":{"allowedDomains":["*"]}}}""");
        var deviations = Evaluate(dir, BaselinePolicy.Load("strict").Value!);
        var messages = deviations.Select(d => d.Message).ToList();
        Assert.Contains("baseline strict: sandbox.enabled is false, the baseline expects true (user settings)", messages);
        Assert.Contains("baseline strict: permissions.deny lacks WebFetch", messages);
        Assert.DoesNotContain(messages, m => m.Contains("lacks WebSearch", StringComparison.Ordinal));
        Assert.Contains("baseline strict: permissions.ask lacks Bash", messages);
        Assert.Contains("baseline strict: allowManagedPermissionRulesOnly is unset, the baseline expects true", messages);
        Assert.Contains("baseline strict: strictKnownMarketplaces is unset (everything allowed), the baseline expects []", messages);
        var domain = Assert.Single(deviations, d => d.Subject == "sandbox.network.allowedDomains");
        Assert.Equal("baseline strict: sandbox.network.allowedDomains holds *, which the baseline does not allow (user settings)", domain.Message);
        Assert.EndsWith("home/.claude/settings.json", domain.Location!.Path, StringComparison.Ordinal);
        Assert.Equal("user", domain.Evidence!["tier"]);
        Assert.All(deviations, d => Assert.Equal("CCA480", d.RuleId));
    }

    [Fact]
    public void Recommended_allow_list_is_an_upper_bound()
    {
        using var dir = new TempDir();
        dir.Write("home/.claude/settings.json", """{"permissions":{"allow":["Bash(git status:*)","Bash(npm publish:*)"]}}""");
        var deviations = Evaluate(dir, BaselinePolicy.Load("recommended").Value!);
        Assert.Contains(deviations, d => d.Message == "baseline recommended: permissions.allow holds Bash(npm publish:*), which the baseline does not allow (user settings)");
        Assert.DoesNotContain(deviations, d => d.Message.Contains("git status", StringComparison.Ordinal));
        Assert.Contains(deviations, d => d.Message == "baseline recommended: permissions.deny lacks Bash(eval *)");
    }

    [Fact]
    public void A_managed_baseline_does_not_count_values_from_user_settings()
    {
        using var dir = new TempDir();
        dir.Write("managed/managed-settings.json", """{"forceLoginMethod":"claudeai","env":{"OTEL_EXPORTER_OTLP_ENDPOINT":"https://otel.example.com","CLAUDE_CODE_ENABLE_TELEMETRY":"sk-ant-api03-0123456789abcdefghij"}}""");
        dir.Write("home/.claude/settings.json", """{"cleanupPeriodDays":30,"permissions":{"deny":["WebFetch"]}}""");
        var deviations = Evaluate(dir, BaselinePolicy.Load("hipaa").Value!);
        Assert.Contains(deviations, d => d.Message == "baseline hipaa: cleanupPeriodDays comes from user settings, the baseline expects it in managed policy (user settings)");
        Assert.Contains(deviations, d => d.Message == "baseline hipaa: permissions.deny lacks WebFetch");
        Assert.DoesNotContain(deviations, d => d.Subject is "forceLoginMethod" or "env.OTEL_EXPORTER_OTLP_ENDPOINT");
        Assert.Contains(deviations, d => d.Subject == "forceLoginOrgUUID" && d.Message.EndsWith("is unset, the baseline sets it", StringComparison.Ordinal));
        var telemetry = Assert.Single(deviations, d => d.Subject == "env.CLAUDE_CODE_ENABLE_TELEMETRY");
        Assert.DoesNotContain("0123456789abcdefghij", telemetry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_team_baseline_file_works_bare_or_wrapped_and_bad_files_are_diagnostics()
    {
        using var dir = new TempDir();
        dir.Write("home/.claude/settings.json", """{"model":"opus"}""");
        var bare = BaselinePolicy.Load(dir.Write("team.json", """{"model":"sonnet","sandbox":{"enabled":"$present"}}""")).Value!;
        Assert.Equal("team", bare.Name);
        var deviations = Evaluate(dir, bare).Select(d => d.Message).ToList();
        Assert.Equal(["baseline team: model is \"opus\", the baseline expects \"sonnet\" (user settings)", "baseline team: sandbox.enabled is unset, the baseline sets it"], deviations);

        Assert.Equal(DiagnosticCodes.PolicyFileMalformed, Assert.Single(BaselinePolicy.Load(dir.Write("array.json", "[1,2]")).Diagnostics).Code);
        Assert.Null(BaselinePolicy.Load(dir.Write("broken.json", "{\"model\":")).Value);
        Assert.NotEmpty(BaselinePolicy.Load(dir.Combine("missing.json")).Diagnostics);
    }

    private static IReadOnlyList<CcAudit.Core.Rules.Finding> Evaluate(TempDir dir, BaselinePolicy baseline)
    {
        Directory.CreateDirectory(dir.Combine("proj"));
        var options = new ScanOptions([dir.Combine("home")], false, dir.Combine("managed"), [dir.Combine("proj")], PathMap.None, new Dictionary<string, string?>());
        var scan = InventoryScanner.Scan(options);
        return BaselineConformance.Analyze(new BaselineEvidence([.. scan.Launches.Where(l => l.Path.EndsWith("/proj", StringComparison.Ordinal))], baseline));
    }
}
