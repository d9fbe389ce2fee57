using CcAudit.Core.Analysis;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

public sealed class RuleDocsTests
{
    [Fact]
    public void DocsRulesMd_IsExactlyTheGeneratedCatalog()
    {
        var committed = File.ReadAllText(Path.Combine(TestEnvironment.RepoRoot, "docs", "rules.md"));

        var generated = RuleDocs.Markdown(AnalyzerRegistry.Rules);

        Assert.True(committed == generated, "docs/rules.md is out of date: run `dotnet run --project src/CcAudit.Cli -- rules list --format md > docs/rules.md`");
    }

    [Fact]
    public void EveryReportableRule_HasAUniqueIdAcrossEngines()
    {
        var ids = AnalyzerRegistry.Rules.Select(r => r.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Contains("CCA301", ids);
        Assert.Contains("CCA801", ids);
    }
}
