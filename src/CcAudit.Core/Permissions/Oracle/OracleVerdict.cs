namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// What the real binary did with one probe (oracle-protocol.md §5): <c>allow</c>, <c>ask</c>, <c>deny</c>,
/// <c>classifier</c> (model-judged in plan/auto; never a static verdict) or <c>invalid</c> (the permission check never ran).
/// </summary>
public sealed record OracleVerdict(string Id, string Class, string Reason, string RunId)
{
    public bool IsGroundTruth => Class is "allow" or "ask" or "deny";
}

/// <summary>One run of the binary: its batch, how long it took, and anything that makes its verdicts untrustworthy.</summary>
public sealed record OracleRunSummary(string RunId, int Probes, TimeSpan Wall, int ExitCode, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>The oracle's answer for a set of cases, with every run and every egress attempt the canary saw.</summary>
public sealed record OracleResult(IReadOnlyList<OracleVerdict> Verdicts, IReadOnlyList<OracleRunSummary> Runs, IReadOnlyList<EgressAttempt> Egress);
