using System.Collections.Concurrent;
using CcAudit.Core.Mcp.Pins;

namespace CcAudit.Core.Tests.TestSupport;

/// <summary>Pins kept in memory, for tests of the pin logic without a store.</summary>
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
