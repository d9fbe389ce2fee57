using System.Runtime.CompilerServices;
using CcAudit.Core.Store;
using Npgsql;
using NpgsqlTypes;

namespace CcAudit.Core.Monitoring;

/// <summary>Telemetry in the PostgreSQL store: each batch is one binary COPY, committed as one transaction.</summary>
public sealed class PostgresTelemetryStore : ITelemetryStore
{
    private readonly NpgsqlDataSource _source;

    private PostgresTelemetryStore(NpgsqlDataSource source) => _source = source;

    /// <summary>Opens (and migrates) the store; <paramref name="schema"/> isolates tests.</summary>
    public static async Task<PostgresTelemetryStore> OpenAsync(string connection, string? schema = null, CancellationToken cancellationToken = default)
    {
        await (await PostgresSnapshotStore.OpenAsync(connection, schema, cancellationToken)).DisposeAsync();
        var builder = new NpgsqlConnectionStringBuilder(PostgresSnapshotStore.ToConnectionString(connection)) { Timeout = 15, CommandTimeout = 60 };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        return new PostgresTelemetryStore(NpgsqlDataSource.Create(builder.ConnectionString));
    }

    /// <summary>Two batches commit at once: one COPY streams while the other waits for the server's commit.</summary>
    public int Writers => 2;

    public async Task AppendAsync(IReadOnlyList<TelemetryEvent> events, long receivedMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await using var connection = await _source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var copy = await connection.BeginBinaryImportAsync(
            "COPY telemetry_events (time_ms, received_ms, signal, name, session_id, value, resource, attributes) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            // The importer buffers rows and sends a full buffer at a time, so the synchronous writes rarely touch the
            // socket; per field, the async versions cost more than the copy they wrap.
            foreach (var e in events)
            {
                copy.StartRow();
                copy.Write(e.TimeMs, NpgsqlDbType.Bigint);
                copy.Write(receivedMs, NpgsqlDbType.Bigint);
                copy.Write(e.Signal, NpgsqlDbType.Text);
                copy.Write(e.Name, NpgsqlDbType.Text);
                WriteNullable(copy, e.SessionId, NpgsqlDbType.Text);
                WriteNullable(copy, e.Value, NpgsqlDbType.Double);
                copy.Write(e.Resource, NpgsqlDbType.Text);
                copy.Write(TelemetryStore.Encoded(e), NpgsqlDbType.Text);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async IAsyncEnumerable<TelemetryEvent> ReadAsync(long? sinceMs, long? untilMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("""
            SELECT time_ms, signal, name, session_id, value, resource, attributes FROM telemetry_events
            WHERE time_ms >= @since AND time_ms < @until ORDER BY time_ms, id
            """);
        command.Parameters.AddWithValue("since", sinceMs ?? long.MinValue);
        command.Parameters.AddWithValue("until", untilMs ?? long.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new TelemetryEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetString(5), TelemetryStore.DecodeAttributes(reader.GetString(6)));
        }
    }

    public async Task<long> PruneAsync(long beforeMs, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("DELETE FROM telemetry_events WHERE time_ms < @before");
        command.Parameters.AddWithValue("before", beforeMs);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT COUNT(*) FROM telemetry_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private static void WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            copy.WriteNull();
        }
        else
        {
            copy.Write(value, type);
        }
    }
}
