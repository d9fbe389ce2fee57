using CcAudit.Core.Audit;
using CcAudit.Core.Store;

namespace CcAudit.Core.Tests.RepositoryChecks;

/// <summary>Finding identities survive a rewrite of the file (lines and array positions move); a new risky rule is new drift.</summary>
public sealed class CheckDriftTests : IDisposable
{
    private static readonly SnapshotInfo Before = new(1, "m", "u", DateTimeOffset.UnixEpoch, "1.0", "aa", 1, 1);
    private static readonly SnapshotInfo After = new(2, "m", "u", DateTimeOffset.UnixEpoch.AddDays(1), "1.0", "bb", 1, 1);
    private readonly string _repo = Directory.CreateTempSubdirectory("ccaudit-drift-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private CcAudit.Core.Reports.AuditReport Audit(string settings)
    {
        Directory.CreateDirectory(Path.Combine(_repo, ".claude"));
        File.WriteAllText(Path.Combine(_repo, ".claude", "settings.json"), settings);
        return RepositoryCheck.Run(_repo, []);
    }

    [Fact]
    public void RewrittenFile_KeepsUntouchedFindings_AndANewRmRfAllowAppears()
    {
        var first = Audit("""{"permissions":{"allow":["Bash(curl:*)","Bash(git push:*)"]}}""");
        var second = Audit("{\n\n  \"permissions\": {\n    \"allow\": [\n      \"Bash(rm -rf:*)\",\n      \"Bash(git push:*)\",\n      \"Bash(curl:*)\"\n    ]\n  }\n}\n");

        var findings = DriftCalculator.Compare(Before, first, After, second).Changes.Where(c => c.Area == "finding").ToList();

        Assert.Equal(2, first.Findings.Count);
        Assert.DoesNotContain(findings, c => c.Kind == "fixed");
        var appeared = Assert.Single(findings);
        Assert.Equal(("appeared", "CCA022"), (appeared.Kind, appeared.Subject));
        Assert.Contains("rm -rf", appeared.Detail, StringComparison.Ordinal);
    }
}
