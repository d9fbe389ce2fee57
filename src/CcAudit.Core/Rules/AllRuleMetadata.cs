using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Rules;

/// <summary>The metadata of every rule ccaudit can report, whichever engine evaluates it: the configuration catalog, the live MCP checks and the reach rules.</summary>
public static class AllRuleMetadata
{
    public static IReadOnlyList<RuleMetadata> Get() =>
    [
        .. RuleCatalog.All.Select(r => r.Metadata),
        .. McpContentAnalyzer.Checks.Concat(McpBehaviourChecks.Checks).Select(c => new RuleMetadata(c.Id, c.Title, c.Severity, AuditStep.McpServers, c.Rationale, c.Remediation)),
        .. ReachFindings.Catalog,
        .. Monitoring.MonitorRuleCatalog.All.Select(r => r.Metadata),
        Audit.Suppressions.ExpiredRule,
    ];
}
