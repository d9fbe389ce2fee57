using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Mcp.Checks;

/// <summary>
/// The metadata of one check on what live servers say, with samples: tool sets it must flag and tool sets it must
/// leave alone. Tests run every sample as one server's tools beside a benign neighbour offering <c>read_file</c>, so
/// checks across servers (collisions) can be sampled too.
/// </summary>
public sealed record McpCheck(
    string Id,
    string Title,
    Severity Severity,
    string Rationale,
    string Remediation,
    IReadOnlyList<IReadOnlyList<McpToolInfo>> MatchSamples,
    IReadOnlyList<IReadOnlyList<McpToolInfo>> NoMatchSamples)
{
    /// <summary>The check as a rule of the catalog; findings reference it.</summary>
    public RuleMetadata Metadata { get; } = new(Id, Title, Severity, AuditStep.McpServers, Rationale, Remediation);
}
