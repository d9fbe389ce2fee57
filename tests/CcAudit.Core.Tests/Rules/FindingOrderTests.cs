using CcAudit.Core.Audit;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

/// <summary><c>check</c> and <c>scan</c> share one finding order: an expired suppression (medium) is not appended after lows.</summary>
public sealed class FindingOrderTests
{
    [Fact]
    public void Check_OrdersFindingsAsScanDoes_ExpiredSuppressionsIncluded()
    {
        using var dir = new TempDir();
        dir.Write("repo/.claude/settings.json", """{"permissions":{"allow":["Bash(git push:*)","WebFetch(/etc/x)","Bash*"]},"cleanupPeriodDays":1}""");
        dir.Write("repo/.ccaudit.yml", "suppressions:\n  - rule: CCA005\n    reason: old decision\n    expires: 2020-01-01\n");

        var findings = RepositoryCheck.Run(dir.Combine("repo"), []).Findings;

        Assert.Contains(findings, f => f.RuleId == ExpiredSuppressionRule.Id);
        Assert.Contains(findings, f => f.Severity < Severity.Medium);
        Assert.Equal(RuleEngine.Order(findings), findings);
    }
}
