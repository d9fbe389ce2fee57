using CcAudit.Core.Mcp;

namespace CcAudit.Core.Discovery;

/// <summary>What a scan produced: the serialisable inventory and the rich contexts behind it, for the engines that interpret them.</summary>
public sealed record ScanResult(Inventory Inventory, IReadOnlyList<LaunchContext> Launches, IReadOnlyList<HomeContext> Homes, ManagedPolicy Managed)
{
    /// <summary>
    /// Each distinct server that loads in some launch directory, or would once approved (<c>-p</c> and the SDK start
    /// those without asking): what a live inspection connects to.
    /// </summary>
    public IReadOnlyList<McpServerConfig> McpServersToInspect() =>
        [.. Launches.SelectMany(l => l.McpDecisions).Where(d => d.State is McpLoadState.Loads or McpLoadState.PendingApproval)
            .Select(d => d.Server).DistinctBy(s => (s.Location.Path, s.Location.JsonPointer))];
}
