using CcAudit.Core.Common;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;
using Microsoft.Data.Sqlite;

namespace CcAudit.Core.Store;

/// <summary>
/// The default store: one SQLite file in the user's data directory, WAL journal, versioned schema, one transaction per
/// snapshot. A process killed mid-write loses at most that snapshot (SQLite's atomic commit); earlier ones are intact.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            machine TEXT NOT NULL, user_name TEXT NOT NULL, created_at TEXT NOT NULL, tool TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE, launch_directories INTEGER NOT NULL, findings INTEGER NOT NULL, report TEXT NOT NULL);
        CREATE INDEX snapshots_machine_time ON snapshots (machine, created_at);
        CREATE TABLE mcp_pins (server_key TEXT PRIMARY KEY, pins TEXT NOT NULL, updated_at TEXT NOT NULL);
        """,
        // What the fleet report reads of each snapshot; older rows keep NULL and are read from their report.
        "ALTER TABLE snapshots ADD COLUMN fleet TEXT",
        // What monitor serve receives and monitor record appends (Monitoring/TelemetryStore).
        """
        CREATE TABLE telemetry_events (
            id INTEGER PRIMARY KEY, time_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL, signal TEXT NOT NULL, name TEXT NOT NULL,
            session_id TEXT, value REAL, resource TEXT NOT NULL, attributes TEXT NOT NULL);
        CREATE INDEX telemetry_events_time ON telemetry_events (time_ms);
        """,
    ];

    private readonly SqliteConnection _connection;

    private SqliteSnapshotStore(SqliteConnection connection)
    {
        _connection = connection;
    }

    public string Path => _connection.DataSource;

    public static async Task<SqliteSnapshotStore> OpenAsync(string path, CancellationToken cancellationToken = default)
    {
        CheckPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (SqliteException ex)
        {
            await connection.DisposeAsync();
            throw new StoreUnavailableException($"cannot open the SQLite store {path}: {ex.Message}", ex);
        }
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;", cancellationToken);
        await MigrateAsync(connection, cancellationToken);
        return new SqliteSnapshotStore(connection);
    }

    /// <summary>A store path SQLite could only fail on (a link loop, a directory, a FIFO) is named plainly first.</summary>
    private static void CheckPath(string path)
    {
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new StoreUnavailableException("the store path is empty or holds a NUL character");
        }

        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is null)
            {
                throw new StoreUnavailableException($"the store path {path} is a symbolic link that does not resolve (a loop or a dangling link)");
            }

            if (Directory.Exists(path))
            {
                throw new StoreUnavailableException($"the store path {path} is a directory, not a SQLite file");
            }

            var opened = info.Exists ? UnixFile.Open(path) : default;
            opened.Handle?.Dispose();
            if (opened.FileType is { } type)
            {
                throw new StoreUnavailableException($"the store path {path} is a {type}, not a SQLite file");
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        }
        catch (IOException ex)
        {
            throw new StoreUnavailableException($"cannot use the store path {path}: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreUnavailableException($"cannot use the store path {path}: {ex.Message}", ex);
        }
    }

    public Task<SnapshotInfo> SaveAsync(AuditReport report, CancellationToken cancellationToken = default) => SaveAsync(EncodedSnapshot.Of(report), cancellationToken);

    public async Task<SnapshotInfo> SaveAsync(EncodedSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (report, json, hash) = (snapshot.Report, snapshot.Json, snapshot.Hash);
        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO snapshots (machine, user_name, created_at, tool, content_hash, launch_directories, findings, report, fleet)
                VALUES ($machine, $user, $created, $tool, $hash, $launches, $findings, $report, $fleet) ON CONFLICT (content_hash) DO NOTHING
                """;
            insert.Parameters.AddWithValue("$machine", report.Inventory.Machine.Hostname);
            insert.Parameters.AddWithValue("$user", report.Inventory.Machine.User);
            insert.Parameters.AddWithValue("$created", report.GeneratedAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            insert.Parameters.AddWithValue("$tool", report.Tool);
            insert.Parameters.AddWithValue("$hash", hash);
            insert.Parameters.AddWithValue("$launches", report.Inventory.LaunchDirectories.Count);
            insert.Parameters.AddWithValue("$findings", report.Findings.Count);
            insert.Parameters.AddWithValue("$report", json);
            insert.Parameters.AddWithValue("$fleet", snapshot.FleetEntry);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        long id;
        await using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT id FROM snapshots WHERE content_hash = $hash";
            select.Parameters.AddWithValue("$hash", hash);
            id = (long)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        await transaction.CommitAsync(cancellationToken);
        return SnapshotCodec.Info(id, report, hash);
    }

    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, machine, user_name, created_at, tool, content_hash, launch_directories, findings FROM snapshots ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<SnapshotInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SnapshotInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return list;
    }

    public async Task<AuditReport?> LoadAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT report FROM snapshots WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? SnapshotCodec.Decode(json) : null;
    }

    public async IAsyncEnumerable<StoredFleetRow> StreamFleetAsync(IReadOnlyList<long> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var wanted = ids.ToHashSet();
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT id, fleet, CASE WHEN fleet IS NULL THEN report END FROM snapshots";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (wanted.Contains(reader.GetInt64(0)))
            {
                yield return new StoredFleetRow(reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
            }
        }
    }

    public async Task<McpPinSet?> LoadAsync(string serverKey, CancellationToken cancellationToken = default)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT pins FROM mcp_pins WHERE server_key = $key";
        command.Parameters.AddWithValue("$key", serverKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? SnapshotCodec.DecodePins(json) : null;
    }

    public async Task SaveAsync(McpPinSet pins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        await using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO mcp_pins (server_key, pins, updated_at) VALUES ($key, $pins, $at) ON CONFLICT (server_key) DO UPDATE SET pins = excluded.pins, updated_at = excluded.updated_at";
        command.Parameters.AddWithValue("$key", pins.ServerKey);
        command.Parameters.AddWithValue("$pins", SnapshotCodec.EncodePins(pins));
        command.Parameters.AddWithValue("$at", pins.LastSeenAt.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)", cancellationToken);
        for (var version = 1; version <= Migrations.Length; version++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
            await using var check = connection.CreateCommand();
            check.Transaction = transaction;
            check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = $v";
            check.Parameters.AddWithValue("$v", version);
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var migrate = connection.CreateCommand();
                migrate.Transaction = transaction;
                migrate.CommandText = Migrations[version - 1] + $"; INSERT INTO schema_migrations VALUES ({version}, datetime('now'));";
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
