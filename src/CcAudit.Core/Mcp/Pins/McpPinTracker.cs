using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Mcp.Pins;

/// <summary>Records each inspection against the pins and turns differences into findings; accepts new states on request.</summary>
public sealed class McpPinTracker(IMcpPinStore store, TimeProvider clock)
{
    /// <summary>
    /// Compares <paramref name="inspection"/> with the accepted pins and records it as last seen. The first inspection
    /// of a server becomes its accepted baseline.
    /// </summary>
    public async Task<IReadOnlyList<McpToolChange>> RecordAsync(McpInspection inspection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (!inspection.Connected)
        {
            return [];
        }

        var key = McpPinKey.For(inspection.Server);
        var now = clock.GetUtcNow();
        var current = inspection.Tools.Select(McpToolPin.Of).ToList();
        var existing = await store.LoadAsync(key, cancellationToken);
        if (existing is null)
        {
            await store.SaveAsync(new McpPinSet(key, current, now, current, now), cancellationToken);
            return [];
        }

        await store.SaveAsync(existing with { LastSeen = current, LastSeenAt = now }, cancellationToken);
        return McpPinComparer.Compare(existing.Accepted, current);
    }

    /// <summary>Accepts what the last inspection saw as the new baseline; false when the server was never inspected.</summary>
    public async Task<bool> AcceptAsync(string serverKey, CancellationToken cancellationToken = default)
    {
        var existing = await store.LoadAsync(serverKey, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        await store.SaveAsync(existing with { Accepted = existing.LastSeen, AcceptedAt = clock.GetUtcNow() }, cancellationToken);
        return true;
    }

    /// <summary>Findings for pin differences: a changed description or schema is a rug pull.</summary>
    public static IEnumerable<Finding> ToFindings(McpServerConfig server, IReadOnlyList<McpToolChange> changes)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var change in changes)
        {
            var (id, message) = change.Kind switch
            {
                McpToolChangeKind.Changed => (McpCheckIds.RugPull, $"tool '{change.ToolName}' of server '{server.Name}' changed since it was accepted"),
                McpToolChangeKind.Renamed => (McpCheckIds.ToolRenamed, $"tool '{change.PreviousName}' of server '{server.Name}' now appears as '{change.ToolName}' (schema similarity {change.Similarity:0.00})"),
                McpToolChangeKind.Added => (McpCheckIds.ToolSetChanged, $"server '{server.Name}' added tool '{change.ToolName}' since it was accepted"),
                _ => (McpCheckIds.ToolSetChanged, $"server '{server.Name}' removed tool '{change.ToolName}' since it was accepted"),
            };
            var check = McpBehaviourChecks.Get(id);
            var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["server"] = server.Name, ["tool"] = change.ToolName, ["change"] = change.Kind.ToString().ToLowerInvariant() };
            if (change.Diff is not null)
            {
                evidence["diff"] = change.Diff;
            }

            yield return new Finding(check.Metadata, message, server.Location, $"{server.Name}/{change.ToolName}", evidence);
        }
    }
}
