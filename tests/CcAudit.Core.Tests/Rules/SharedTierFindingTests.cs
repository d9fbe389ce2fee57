using System.Text;
using System.Text.Json;
using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

/// <summary>
/// Item 11 of issue 13, on a machine of two homes sharing three launch directories and one managed policy: what one file
/// says is reported once per file, "never applies" only where it is true, the launch table names the home, and fleet
/// counts rules per tier, not per launch directory.
/// </summary>
public sealed class SharedTierFindingTests
{
    [Fact]
    public async Task A_user_allow_blocked_in_one_repository_still_applies_elsewhere_and_says_so()
    {
        using var dir = new TempDir();
        var report = await Audit(dir, blockedIn: ["p1"]);
        var shadowed = report.Findings.Where(f => f.RuleId == "CCA016").ToList();
        Assert.Equal(2, shadowed.Count);
        Assert.All(shadowed, f => Assert.Contains($"does not apply in {dir.Combine("p1")}", f.Message, StringComparison.Ordinal));
        Assert.All(shadowed, f => Assert.Contains("it still applies in 2 other launch directories", f.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(shadowed, f => f.Message.Contains("never applies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_allow_blocked_everywhere_never_applies()
    {
        using var dir = new TempDir();
        var report = await Audit(dir, blockedIn: ["p1", "p2", "p3"]);
        var shadowed = report.Findings.Where(f => f.RuleId == "CCA016").ToList();
        Assert.Equal(2, shadowed.Count);
        Assert.All(shadowed, f => Assert.Contains("never applies", f.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_managed_rule_probes_get_through_is_one_finding_naming_every_launch_directory()
    {
        using var dir = new TempDir();
        var report = await Audit(dir, blockedIn: []);
        var curl = Assert.Single(report.Findings, f => f.RuleId == "CCA701" && f.Subject == "Bash(curl:*)");
        Assert.EndsWith("managed-settings.json", curl.Location!.Path, StringComparison.Ordinal);
        Assert.Contains("in 3 launch directories (", curl.Message, StringComparison.Ordinal);
        Assert.Equal(3, curl.Evidence!["launchDirectory"].Split(", ").Length);
    }

    [Fact]
    public async Task The_launch_table_names_the_home_and_fleet_counts_each_rule_once()
    {
        using var dir = new TempDir();
        var report = await Audit(dir, blockedIn: []);
        using var stream = new MemoryStream();
        await new MarkdownReportWriter().WriteAsync(report, stream, TestContext.Current.CancellationToken);
        var md = Encoding.UTF8.GetString(stream.ToArray());
        Assert.Contains("| launch directory | home | trusted |", md, StringComparison.Ordinal);
        Assert.Contains($"| `{dir.Combine("p1")}` | `{dir.Combine("h1", ".claude")}` |", md, StringComparison.Ordinal);
        Assert.Contains($"| `{dir.Combine("p1")}` | `{dir.Combine("h2", ".claude")}` |", md, StringComparison.Ordinal);

        var tiers = FleetEntry.From(report).Tiers.ToDictionary(t => t.Tier);
        Assert.Equal(2, tiers["managed"].Allow);
        Assert.Equal(2, tiers["user"].Allow);
        Assert.Equal(2, tiers["user"].Files);
    }

    private static async Task<AuditReport> Audit(TempDir dir, string[] blockedIn)
    {
        string[] projects = ["p1", "p2", "p3"];
        dir.Write("managed/managed-settings.json", """{"permissions":{"allow":["Bash(curl:*)","Bash(npx:*)"]}}""");
        foreach (var home in new[] { "h1", "h2" })
        {
            var recorded = projects.ToDictionary(p => dir.Combine(p), _ => (object)new { hasTrustDialogAccepted = true });
            dir.Write($"{home}/.claude.json", JsonSerializer.Serialize(new { projects = recorded }));
            dir.Write($"{home}/.claude/settings.json", """{"permissions":{"allow":["Bash(git push:*)"]}}""");
        }

        foreach (var project in projects)
        {
            dir.Write($"{project}/.claude/settings.json", blockedIn.Contains(project) ? """{"permissions":{"deny":["Bash(git push:*)"]}}""" : "{}");
        }

        var options = new ScanOptions([dir.Combine("h1"), dir.Combine("h2")], false, dir.Combine("managed"), [], PathMap.None, new Dictionary<string, string?>());
        var (_, report) = await Auditor.RunAsync(options, new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken);
        return report;
    }
}
