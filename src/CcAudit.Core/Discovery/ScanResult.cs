namespace CcAudit.Core.Discovery;

/// <summary>What a scan produced: the serialisable inventory and the rich per-launch-directory contexts behind it.</summary>
public sealed record ScanResult(Inventory Inventory, IReadOnlyList<LaunchContext> Launches, ManagedPolicy Managed);
