using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Core.Tests.Reports;

/// <summary>A reach step that walked no directory has looked at no file: never "stays approved".</summary>
public sealed class ReachStepVerdictTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void NotWalked_IsCouldNotBeAssessed_AndSaysWhatToPass_WalkedIsJudgedOnItsFindings()
    {
        var scan = InventoryScanner.Scan(_fixture.Options());

        var notWalked = AuditReportBuilder.Build(scan, []).Steps.Single(s => s.Step == CcAudit.Core.Rules.AuditStep.Reach);
        var walked = AuditReportBuilder.Build(scan, [], reachWalked: true).Steps.Single(s => s.Step == CcAudit.Core.Rules.AuditStep.Reach);

        Assert.Equal(AuditReportBuilder.CouldNotBeAssessed, notWalked.Verdict);
        Assert.Contains("pass --reach", notWalked.Notes, StringComparison.Ordinal);
        Assert.DoesNotContain("pass --reach", walked.Notes, StringComparison.Ordinal);
    }
}
