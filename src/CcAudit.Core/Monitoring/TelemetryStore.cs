using System.Text.Json;
using CcAudit.Core.Store;

namespace CcAudit.Core.Monitoring;

/// <summary>
/// Where received telemetry lives: the <c>telemetry_events</c> table of the snapshot store (SQLite by default,
/// PostgreSQL for a team; schema migration 3 of each). Appends are one transaction per batch.
/// </summary>
public interface ITelemetryStore : IAsyncDisposable
{
    /// <summary>Stores every event in one transaction; when it returns, they are durable (what the receiver acknowledges).</summary>
    Task AppendAsync(IReadOnlyList<TelemetryEvent> events, long receivedMs, CancellationToken cancellationToken = default);

    /// <summary>Events with <c>since &lt;= time &lt; until</c> (either bound may be null), oldest first.</summary>
    IAsyncEnumerable<TelemetryEvent> ReadAsync(long? sinceMs, long? untilMs, CancellationToken cancellationToken = default);

    /// <summary>Deletes events older than <paramref name="beforeMs"/> (retention); returns how many went.</summary>
    Task<long> PruneAsync(long beforeMs, CancellationToken cancellationToken = default);

    Task<long> CountAsync(CancellationToken cancellationToken = default);

    /// <summary>How many <see cref="AppendAsync"/> calls may run at once (SQLite has one writer).</summary>
    int Writers => 1;
}

/// <summary>Opens the telemetry table of the store <c>--store</c> names (the snapshot store's rules: <see cref="StoreLocator"/>).</summary>
public static class TelemetryStore
{
    public static async Task<ITelemetryStore> OpenAsync(string? location, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var target = location ?? StoreLocator.DefaultPath(environment);
        return StoreLocator.IsPostgres(target)
            ? await PostgresTelemetryStore.OpenAsync(target, cancellationToken: cancellationToken)
            : await SqliteTelemetryStore.OpenAsync(target, cancellationToken);
    }

    /// <summary>The attributes column of <paramref name="e"/>: what the decoder encoded, else encoded now.</summary>
    internal static string Encoded(TelemetryEvent e) => e.EncodedAttributes ?? EncodeAttributes(e.Attributes);

    internal static string EncodeAttributes(IReadOnlyDictionary<string, string> attributes)
    {
        using var buffer = new MemoryStream(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in attributes)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static Dictionary<string, string> DecodeAttributes(string json)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
        }

        return map;
    }
}
