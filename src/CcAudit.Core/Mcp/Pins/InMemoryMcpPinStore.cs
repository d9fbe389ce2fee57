using System.Collections.Concurrent;

namespace CcAudit.Core.Mcp.Pins;

/// <summary>Pins kept for the life of the process: for tests and for <c>--no-store</c> runs.</summary>
public sealed class InMemoryMcpPinStore : IMcpPinStore
{
    private readonly ConcurrentDictionary<string, McpPinSet> _pins = new(StringComparer.Ordinal);

    public Task<McpPinSet?> LoadAsync(string serverKey, CancellationToken cancellationToken = default) =>
        Task.FromResult(_pins.TryGetValue(serverKey, out var pins) ? pins : null);

    public Task SaveAsync(McpPinSet pins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        _pins[pins.ServerKey] = pins;
        return Task.CompletedTask;
    }
}
