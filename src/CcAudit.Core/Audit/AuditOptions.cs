using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Mcp.Pins;

namespace CcAudit.Core.Audit;

/// <summary>What an audit run adds on top of the inventory.</summary>
/// <param name="Reach">Walk every existing launch directory for reachable secrets, credentials and infrastructure code (slower).</param>
/// <param name="SuppressionFiles">Extra suppression files (<c>--baseline</c>); <c>.ccaudit.yml</c> in launch directories and homes are read too.</param>
/// <param name="ConnectMcp">Opt-in: connect to every MCP server that would load somewhere (stdio servers are started, sandboxed) and check what they say.</param>
public sealed record AuditOptions(bool Reach = false, IReadOnlyList<string>? SuppressionFiles = null, McpInspectionOptions? ConnectMcp = null)
{
    /// <summary>Where live inspections record their pins (rug-pull detection across audits).</summary>
    public IMcpPinStore? Pins { get; init; }

    /// <summary>A baseline policy to compare every launch directory's effective settings with (<c>--baseline-policy</c>).</summary>
    public Settings.BaselinePolicy? Baseline { get; init; }

    /// <summary>Shown each stdio launch plan before it runs.</summary>
    public Action<string>? BeforeLaunch { get; init; }
}
