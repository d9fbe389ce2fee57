using CcAudit.Core.Mcp;
using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>What one live inspection pass saw: each server's inspection, the MCP analyzers' findings and the tool pins.</summary>
public sealed record McpInspectionResult(IReadOnlyList<McpInspection> Inspections, IReadOnlyList<Finding> Findings, IReadOnlyList<McpToolPinRow> Pins);

/// <summary>
/// The one live MCP inspection loop, for <c>scan --connect-mcp</c> and <c>mcp inspect --connect</c>: connect to each
/// server once (a second time under another client name when asked, to catch bait and switch), record pins and
/// rug pulls, then run the behaviour and content analyzers over what the servers said.
/// </summary>
public static class McpInspectionRun
{
    /// <param name="servers">The servers to connect to.</param>
    /// <param name="options">Timeouts and network policy of the inspector.</param>
    /// <param name="pins">The pin store, or null to inspect without pinning.</param>
    /// <param name="clock">The time pins are stamped with.</param>
    /// <param name="beforeLaunch">Told, before anything starts, what is about to run (read, never run, unless asked).</param>
    /// <param name="identifyAs">A second client name to connect under, or null.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    public static async Task<McpInspectionResult> RunAsync(
        IReadOnlyList<McpServerConfig> servers, McpInspectionOptions options, IMcpPinStore? pins, TimeProvider clock,
        Action<string>? beforeLaunch, string? identifyAs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(options);
        var inspector = new McpServerInspector(options);
        var tracker = pins is null ? null : new McpPinTracker(pins, clock);
        var inspections = new List<McpInspection>();
        var findings = new List<Finding>();
        foreach (var server in servers)
        {
            var inspection = await inspector.InspectAsync(server, plan => beforeLaunch?.Invoke($"executing for MCP server '{server.Name}': {plan.Display}"), cancellationToken);
            inspections.Add(inspection);
            var changes = tracker is null ? [] : await tracker.RecordAsync(inspection, cancellationToken);
            McpInspection? second = null;
            if (identifyAs is { Length: > 0 } other && inspection.Connected)
            {
                second = await new McpServerInspector(options with { ClientName = other }).InspectAsync(
                    server, plan => beforeLaunch?.Invoke($"executing for MCP server '{server.Name}' as '{other}': {plan.Display}"), cancellationToken);
            }

            findings.AddRange(McpBehaviourChecks.Instance.Analyze(new McpBehaviourEvidence(inspection, changes, second)));
        }

        findings.AddRange(McpContentAnalyzer.Analyze(inspections));
        var rows = inspections.Where(i => i.Connected)
            .SelectMany(i => i.Tools.Select(t => new McpToolPinRow(McpPinKey.For(i.Server), t.Name, McpToolPin.Of(t).Hash)))
            .OrderBy(p => p.Server, StringComparer.Ordinal).ThenBy(p => p.Tool, StringComparer.Ordinal)
            .ToList();
        return new McpInspectionResult(inspections, findings, rows);
    }
}
