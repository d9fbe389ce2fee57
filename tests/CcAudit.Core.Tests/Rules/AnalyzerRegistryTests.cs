using System.Text;
using System.Text.Json;
using CcAudit.Core.Analysis;
using CcAudit.Core.Common;
using CcAudit.Core.Reach;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;
using CcAudit.Core.Tests.Reports;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

/// <summary>One analyzer contract and one registry: every rule id once, every finding titled by its rule's metadata.</summary>
public sealed class AnalyzerRegistryTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryRuleId_IsReportedByExactlyOneAnalyzer()
    {
        var ids = AnalyzerRegistry.All.SelectMany(a => a.Rules.Select(r => r.Id)).ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), AnalyzerRegistry.Rules.Select(r => r.Id));
        Assert.All(AnalyzerRegistry.All, a => Assert.NotEmpty(a.Rules));
        Assert.Contains(AnalyzerRegistry.All, a => a.Needs == EvidenceKind.Reach);
        Assert.Contains(AnalyzerRegistry.All, a => a.Needs == EvidenceKind.McpInspection);
        Assert.Contains(AnalyzerRegistry.All, a => a.Needs == EvidenceKind.McpPins);
        Assert.Contains(AnalyzerRegistry.All, a => a.Needs == EvidenceKind.Suppressions);
        Assert.Equal("CCA901", Assert.Single(AnalyzerRegistry.For<Audit.SuppressionEvidence>()).Rules[0].Id);
    }

    [Fact]
    public void ReachFindings_TakeTheirTitleFromTheRuleMetadata()
    {
        using var home = new TempDir();
        home.Write(".env", "GITHUB_TOKEN=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\n");
        home.Write("src/a.txt", "x");

        var request = new ReachRequest([home.Path], home.Path, l => new PermissionEngineReadPolicy(l, home.Path, [], trusted: true));
        var report = ReachAnalyzer.Analyze(request, TestContext.Current.CancellationToken);

        Assert.Contains(report.Findings, f => f.RuleId == ReachFindings.BroadLaunchRoot);
        Assert.All(report.Findings, f => Assert.Equal(AnalyzerRegistry.Find(f.RuleId)!.Title, f.Title));
        Assert.All(report.Findings, f => Assert.Same(AnalyzerRegistry.Find(f.RuleId), f.Rule));
    }

    [Fact]
    public void ShadowedAllow_PointsAtTheWinningDenyRule_AsARelatedLocation()
    {
        var rule = AnalyzerRegistry.ConfigurationRules.Single(r => r.Metadata.Id == "CCA016");

        var finding = Assert.Single(rule.Analyze(RuleSampleContext.Build(rule.Samples[0], Now)));

        var related = Assert.Single(finding.Related);
        Assert.EndsWith("/sample/home/.claude/settings.json", related.Location.Path, StringComparison.Ordinal);
        Assert.Equal("/permissions/deny/0", related.Location.JsonPointer);
        Assert.Contains("deny rule 'Bash(git push:*)'", related.Message, StringComparison.Ordinal);
        Assert.EndsWith("settings.local.json", finding.Location!.Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelatedLocations_AreInSarifMarkdownAndJson_AndSurviveAStoreRoundTrip()
    {
        var metadata = AnalyzerRegistry.Find("CCA016")!;
        var finding = new Finding(metadata, "m", new SourceLocation("/p/a.json", 3, 5, "/permissions/allow/0"), "s")
        {
            Related = [new RelatedLocation(new SourceLocation("/p/b.json", 7, 9, "/permissions/deny/0"), "the deny rule that wins")],
        };
        using var dir = new TempDir();
        var report = HostileReport.Build(dir) with { Findings = [finding] };

        var sarif = JsonDocument.Parse(await Render(new SarifReportWriter(), report)).RootElement
            .GetProperty("runs")[0].GetProperty("results")[0];
        var markdown = await Render(new MarkdownReportWriter(), report);
        var json = JsonSerializer.Serialize(finding, AuditJson.Options);
        var back = JsonSerializer.Deserialize<Finding>(json, AuditJson.Options)!;

        var related = sarif.GetProperty("relatedLocations")[0];
        Assert.Equal(7, related.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32());
        Assert.Equal("the deny rule that wins", related.GetProperty("message").GetProperty("text").GetString());
        Assert.Contains("`/p/a.json:3:5`<br>`/p/b.json:7:9` (the deny rule that wins)", markdown, StringComparison.Ordinal);
        Assert.Equal(("CCA016", metadata.Title, metadata.Step), (back.RuleId, back.Title, back.Step));
        Assert.Equal(finding.Related, back.Related);
        Assert.Equal(finding.Fingerprint, back.Fingerprint);
    }

    private static async Task<string> Render(IReportWriter writer, AuditReport report) =>
        Encoding.UTF8.GetString(await HostileReport.RenderAsync(writer, report));
}
