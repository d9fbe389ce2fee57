namespace CcAudit.Core.Discovery;

/// <summary>What a scan produced: the serialisable inventory and the rich contexts behind it, for the engines that interpret them.</summary>
public sealed record ScanResult(Inventory Inventory, IReadOnlyList<LaunchContext> Launches, IReadOnlyList<HomeContext> Homes, ManagedPolicy Managed);
