namespace CcAudit.Core.Mcp.Pins;

/// <summary>Where pins live between audits (the snapshot store in the product, memory in tests).</summary>
public interface IMcpPinStore
{
    Task<McpPinSet?> LoadAsync(string serverKey, CancellationToken cancellationToken = default);

    Task SaveAsync(McpPinSet pins, CancellationToken cancellationToken = default);
}
