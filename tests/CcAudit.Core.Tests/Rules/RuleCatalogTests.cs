using System.Text.RegularExpressions;
using CcAudit.Core.Analysis;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Core.Tests.Rules;

public sealed class RuleCatalogTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, int> Samples()
    {
        var data = new TheoryData<string, int>();
        foreach (var rule in AnalyzerRegistry.ConfigurationRules)
        {
            for (var i = 0; i < rule.Samples.Count; i++)
            {
                data.Add(rule.Metadata.Id, i);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_FiresExactlyWhenItShould(string id, int index)
    {
        var rule = AnalyzerRegistry.ConfigurationRules.Single(r => r.Metadata.Id == id);
        var sample = rule.Samples[index];

        var findings = rule.Analyze(RuleSampleContext.Build(sample, Now)).ToList();

        if (sample.Matches)
        {
            var finding = Assert.Single(findings.Take(1));
            Assert.Equal(id, finding.RuleId);
            Assert.Equal(rule.Metadata.Step, finding.Step);
            Assert.NotNull(finding.Location);
        }
        else
        {
            Assert.Empty(findings);
        }
    }

    [Fact]
    public void Catalog_HasAtLeastFortyRulesWithStableUniqueIdsAndCompleteTexts()
    {
        var rules = AnalyzerRegistry.ConfigurationRules;

        Assert.True(rules.Count >= 40, $"{rules.Count} rules");
        Assert.Equal(rules.Count, rules.Select(r => r.Metadata.Id).Distinct().Count());
        Assert.All(rules, r =>
        {
            Assert.Matches(new Regex("^CCA[0-9]{3}$"), r.Metadata.Id);
            Assert.False(string.IsNullOrWhiteSpace(r.Metadata.Title));
            Assert.False(string.IsNullOrWhiteSpace(r.Metadata.Rationale));
            Assert.False(string.IsNullOrWhiteSpace(r.Metadata.Remediation));
            Assert.Contains(r.Samples, s => s.Matches);
            Assert.Contains(r.Samples, s => !s.Matches);
        });
        Assert.Equal(rules.Select(r => r.Metadata.Id).Order(StringComparer.Ordinal), rules.Select(r => r.Metadata.Id));
    }

    [Fact]
    public void Catalog_CoversEveryAuditStepItClaims()
    {
        var steps = AnalyzerRegistry.ConfigurationRules.Select(r => r.Metadata.Step).ToHashSet();

        Assert.Contains(AuditStep.Inventory, steps);
        Assert.Contains(AuditStep.PermissionDrift, steps);
        Assert.Contains(AuditStep.McpServers, steps);
        Assert.Contains(AuditStep.Reach, steps);
        Assert.Contains(AuditStep.Monitoring, steps);
    }

    [Fact]
    public void RealFixture_RaisesTheFindingsItsConfigurationDeserves()
    {
        using var fixture = new FixtureHome();
        var scan = InventoryScanner.Scan(fixture.Options());

        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(scan));

        var ids = findings.Select(f => f.RuleId).ToHashSet();
        foreach (var expected in new[] { "CCA002", "CCA004", "CCA005", "CCA007", "CCA009", "CCA011", "CCA101", "CCA103", "CCA105", "CCA106", "CCA107", "CCA201", "CCA202", "CCA204", "CCA207", "CCA402", "CCA403", "CCA454" })
        {
            Assert.True(ids.Contains(expected), $"{expected} missing; got {string.Join(",", ids.Order())}");
        }

        Assert.DoesNotContain("CCA451", ids);
        Assert.DoesNotContain("CCA452", ids);
        var baseUrl = findings.Single(f => f.RuleId == "CCA204");
        Assert.Equal(Path.Combine(fixture.Untrusted, ".claude", "settings.json"), baseUrl.Location!.Path);
        Assert.Equal(4, baseUrl.Location.Line);
        Assert.Equal(findings.Count, findings.Select(f => f.Fingerprint).Distinct().Count());
    }

    [Fact]
    public void Findings_NeverCarrySecretValues()
    {
        using var fixture = new FixtureHome();
        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(InventoryScanner.Scan(fixture.Options())));

        var text = string.Join("\n", findings.Select(f => f.Message + string.Join(" ", f.Evidence?.Values ?? [])));

        foreach (var secret in new[] { "ghp_FAKEfake0123456789abcdefghijklmnopqrs", "correct-horse-battery-staple", "s3cretpw", "sk-ant-api03-USERenvKEYvalue0000000000000000", "FIXTUREfixture" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
