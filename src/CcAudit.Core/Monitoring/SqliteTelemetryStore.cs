using System.Runtime.CompilerServices;
using CcAudit.Core.Store;
using Microsoft.Data.Sqlite;

namespace CcAudit.Core.Monitoring;

/// <summary>Telemetry in the SQLite snapshot store: one writer connection, one prepared insert reused per batch.</summary>
public sealed class SqliteTelemetryStore : ITelemetryStore
{
    private static readonly string[] Columns = ["$t", "$r", "$s", "$n", "$id", "$v", "$res", "$a"];
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteTelemetryStore(SqliteConnection connection) => _connection = connection;

    public static async Task<SqliteTelemetryStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        // The snapshot store owns the schema: opening it applies every migration, the telemetry table included.
        await (await SqliteSnapshotStore.OpenAsync(path, cancellationToken)).DisposeAsync();
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 };
        var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return new SqliteTelemetryStore(connection);
    }

    public async Task AppendAsync(IReadOnlyList<TelemetryEvent> events, long receivedMs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(cancellationToken);
            await using var insert = _connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO telemetry_events (time_ms, received_ms, signal, name, session_id, value, resource, attributes)
                VALUES ($t, $r, $s, $n, $id, $v, $res, $a)
                """;
            var p = Columns.Select(name => insert.Parameters.Add(name, SqliteType.Text)).ToArray();
            insert.Prepare();
            foreach (var e in events)
            {
                p[0].Value = e.TimeMs;
                p[1].Value = receivedMs;
                p[2].Value = e.Signal;
                p[3].Value = e.Name;
                p[4].Value = (object?)e.SessionId ?? DBNull.Value;
                p[5].Value = (object?)e.Value ?? DBNull.Value;
                p[6].Value = e.Resource;
                p[7].Value = TelemetryStore.EncodeAttributes(e.Attributes);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async IAsyncEnumerable<TelemetryEvent> ReadAsync(long? sinceMs, long? untilMs, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT time_ms, signal, name, session_id, value, resource, attributes FROM telemetry_events
            WHERE time_ms >= $since AND time_ms < $until ORDER BY time_ms, id
            """;
        command.Parameters.AddWithValue("$since", sinceMs ?? long.MinValue);
        command.Parameters.AddWithValue("$until", untilMs ?? long.MaxValue);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new TelemetryEvent(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.GetString(5), TelemetryStore.DecodeAttributes(reader.GetString(6)));
        }
    }

    public async Task<long> PruneAsync(long beforeMs, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var command = _connection.CreateCommand();
            command.CommandText = "DELETE FROM telemetry_events WHERE time_ms < $before";
            command.Parameters.AddWithValue("$before", beforeMs);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM telemetry_events";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _gate.Dispose();
    }
}
