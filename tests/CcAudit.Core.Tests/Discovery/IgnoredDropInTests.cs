using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>Item 7 of issue 13: drop-ins Claude Code skips are findings, high when they would have tightened policy.</summary>
public sealed class IgnoredDropInTests
{
    [Fact]
    public void Hidden_and_non_json_drop_ins_are_skipped_and_each_is_one_finding()
    {
        using var dir = new TempDir();
        dir.Write("managed/managed-settings.json", """{"permissions":{"deny":["Bash(curl:*)"]}}""");
        dir.Write("managed/managed-settings.d/10-loaded.json", """{"permissions":{"deny":["Bash(wget:*)"]}}""");
        dir.Write("managed/managed-settings.d/.lockdown.json", """{"permissions":{"deny":["Bash(rm:*)"],"disableBypassPermissionsMode":"disable"}}""");
        dir.Write("managed/managed-settings.d/50-mcp.json.disabled", """{"deniedMcpServers":[{"serverName":"x"}]}""");
        dir.Write("managed/managed-settings.d/README.txt", "notes for admins");
        dir.Write("managed/managed-settings.d/60-model.json.bak", """{"model":"opus"}""");
        Directory.CreateDirectory(dir.Combine("managed/managed-settings.d/70-dir.json"));

        var scan = Scan(dir, homes: 2);
        var deny = scan.Launches[0].Settings.Documents.SelectMany(d => d.Root.TryGetProperty("permissions", out var p) && p.TryGetProperty("deny", out var list)
            ? list.EnumerateArray().Select(r => r.GetString()) : []).ToList();
        Assert.Contains("Bash(wget:*)", deny);
        Assert.DoesNotContain("Bash(rm:*)", deny);

        var findings = IgnoredDropInFindings.Instance.Analyze(RuleContext.FromScan(scan)).ToList();
        Assert.Equal(5, findings.Count);
        Assert.All(findings, f => Assert.Equal("CCA458", f.RuleId));
        var hidden = Assert.Single(findings, f => f.Subject == ".lockdown.json");
        Assert.Equal(Severity.High, hidden.Severity);
        Assert.Contains("permissions.deny, permissions.disableBypassPermissionsMode", hidden.Message, StringComparison.Ordinal);
        Assert.Contains("believes a tightening", hidden.Message, StringComparison.Ordinal);
        Assert.Equal(Severity.High, Assert.Single(findings, f => f.Subject == "50-mcp.json.disabled").Severity);
        Assert.Equal(Severity.Medium, Assert.Single(findings, f => f.Subject == "60-model.json.bak").Severity);
        Assert.Contains("(model) have no effect", Assert.Single(findings, f => f.Subject == "60-model.json.bak").Message, StringComparison.Ordinal);
        Assert.Equal(Severity.Medium, Assert.Single(findings, f => f.Subject == "README.txt").Severity);
        Assert.Contains("a directory", Assert.Single(findings, f => f.Subject == "70-dir.json").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Subject == "10-loaded.json");
    }

    [Fact]
    public void A_hostile_ignored_drop_in_is_read_safely()
    {
        using var dir = new TempDir();
        dir.WriteBytes("managed/managed-settings.d/.garbage", [0x00, 0xFF, 0x7B]);
        dir.Write("managed/managed-settings.d/.deep.json", new string('[', 100_000));
        var findings = IgnoredDropInFindings.Instance.Analyze(RuleContext.FromScan(Scan(dir, homes: 1))).ToList();
        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(Severity.Medium, f.Severity));
    }

    [Fact]
    public void The_rule_is_registered()
    {
        Assert.NotNull(Analysis.AnalyzerRegistry.Find("CCA458"));
    }

    private static ScanResult Scan(TempDir dir, int homes)
    {
        Directory.CreateDirectory(dir.Combine("proj"));
        var paths = Enumerable.Range(0, homes).Select(i => dir.Combine("home" + i)).ToList();
        paths.ForEach(p => Directory.CreateDirectory(Path.Combine(p, ".claude")));
        return InventoryScanner.Scan(new ScanOptions(paths, false, dir.Combine("managed"), [dir.Combine("proj")], PathMap.None, new Dictionary<string, string?>()));
    }
}
