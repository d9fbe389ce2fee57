using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;
using Npgsql;
using NpgsqlTypes;

namespace CcAudit.Core.Store;

/// <summary>
/// The shared store for a fleet: the same schema as SQLite on PostgreSQL (report as json, which keeps the exact text the
/// content hash covers; jsonb would reorder keys), versioned migrations under an
/// advisory lock so concurrent first runs do not race, one transaction per snapshot.
/// </summary>
public sealed class PostgresSnapshotStore : ISnapshotStore
{
    private const long MigrationLock = 0x6363617564697401;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE snapshots (
            id BIGSERIAL PRIMARY KEY,
            machine TEXT NOT NULL, user_name TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL, tool TEXT NOT NULL,
            content_hash TEXT NOT NULL UNIQUE, launch_directories INTEGER NOT NULL, findings INTEGER NOT NULL, report JSON NOT NULL);
        CREATE INDEX snapshots_machine_time ON snapshots (machine, created_at);
        CREATE TABLE mcp_pins (server_key TEXT PRIMARY KEY, pins JSONB NOT NULL, updated_at TIMESTAMPTZ NOT NULL);
        """,
        // What the fleet report reads of each snapshot; older rows keep NULL and are read from their report. Reports are
        // tens of KiB: lz4 (PostgreSQL 14+, where built with it) compresses them at a fraction of pglz's cost.
        """
        ALTER TABLE snapshots ADD COLUMN fleet TEXT;
        DO $$ BEGIN ALTER TABLE snapshots ALTER COLUMN report SET COMPRESSION lz4; EXCEPTION WHEN OTHERS THEN NULL; END $$
        """,
        // What monitor serve receives and monitor record appends (Monitoring/TelemetryStore).
        """
        CREATE TABLE telemetry_events (
            id BIGSERIAL PRIMARY KEY, time_ms BIGINT NOT NULL, received_ms BIGINT NOT NULL, signal TEXT NOT NULL, name TEXT NOT NULL,
            session_id TEXT, value DOUBLE PRECISION, resource TEXT NOT NULL, attributes TEXT NOT NULL);
        CREATE INDEX telemetry_events_time ON telemetry_events (time_ms)
        """,
    ];

    private readonly NpgsqlDataSource _source;

    private PostgresSnapshotStore(NpgsqlDataSource source)
    {
        _source = source;
    }

    /// <summary>Opens a store from a <c>postgres://user@host:port/db</c> URL or an Npgsql connection string; <paramref name="schema"/> isolates tests.</summary>
    public static async Task<PostgresSnapshotStore> OpenAsync(string connection, string? schema = null, CancellationToken cancellationToken = default)
    {
        var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(connection)) { Timeout = 15, CommandTimeout = 60 };
        if (schema is not null)
        {
            builder.SearchPath = schema;
        }

        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        await using (var connectionForMigration = await source.OpenConnectionAsync(cancellationToken))
        {
            if (schema is not null)
            {
                await using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS \"{schema.Replace("\"", string.Empty, StringComparison.Ordinal)}\"", connectionForMigration);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await MigrateAsync(connectionForMigration, cancellationToken);
        }

        return new PostgresSnapshotStore(source);
    }

    public Task<SnapshotInfo> SaveAsync(AuditReport report, CancellationToken cancellationToken = default) => SaveAsync(EncodedSnapshot.Of(report), cancellationToken);

    public async Task<SnapshotInfo> SaveAsync(EncodedSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var (report, json, hash) = (snapshot.Report, snapshot.Json, snapshot.Hash);
        // One statement is one transaction: the snapshot lands whole or not at all, in a single round trip.
        await using var insert = _source.CreateCommand(
            """
            INSERT INTO snapshots (machine, user_name, created_at, tool, content_hash, launch_directories, findings, report, fleet)
            VALUES (@machine, @user, @created, @tool, @hash, @launches, @findings, @report, @fleet) ON CONFLICT (content_hash) DO NOTHING RETURNING id
            """);
        insert.Parameters.AddWithValue("machine", report.Inventory.Machine.Hostname);
        insert.Parameters.AddWithValue("user", report.Inventory.Machine.User);
        insert.Parameters.AddWithValue("created", report.GeneratedAt.ToUniversalTime());
        insert.Parameters.AddWithValue("tool", report.Tool);
        insert.Parameters.AddWithValue("hash", hash);
        insert.Parameters.AddWithValue("launches", report.Inventory.LaunchDirectories.Count);
        insert.Parameters.AddWithValue("findings", report.Findings.Count);
        insert.Parameters.Add(new NpgsqlParameter("report", NpgsqlDbType.Json) { Value = json });
        insert.Parameters.AddWithValue("fleet", snapshot.FleetEntry);
        if (await insert.ExecuteScalarAsync(cancellationToken) is not long id)
        {
            await using var select = _source.CreateCommand("SELECT id FROM snapshots WHERE content_hash = @hash");
            select.Parameters.AddWithValue("hash", hash);
            id = (long)(await select.ExecuteScalarAsync(cancellationToken))!;
        }

        return SnapshotCodec.Info(id, report, hash);
    }

    /// <summary>The server takes concurrent transactions; the pool holds enough connections.</summary>
    public int ParallelWriters => 4;

    public async Task<IReadOnlyList<SnapshotInfo>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT id, machine, user_name, created_at, tool, content_hash, launch_directories, findings FROM snapshots ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var list = new List<SnapshotInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new SnapshotInfo(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), new DateTimeOffset(reader.GetDateTime(3), TimeSpan.Zero), reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return list;
    }

    public async Task<AuditReport?> LoadAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT report::text FROM snapshots WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? SnapshotCodec.Decode(json) : null;
    }

    public async IAsyncEnumerable<StoredFleetRow> StreamFleetAsync(IReadOnlyList<long> ids, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT fleet, CASE WHEN fleet IS NULL THEN report::text END FROM snapshots WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new StoredFleetRow(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        }
    }

    public async Task<McpPinSet?> LoadAsync(string serverKey, CancellationToken cancellationToken = default)
    {
        await using var command = _source.CreateCommand("SELECT pins::text FROM mcp_pins WHERE server_key = @key");
        command.Parameters.AddWithValue("key", serverKey);
        return await command.ExecuteScalarAsync(cancellationToken) is string json ? SnapshotCodec.DecodePins(json) : null;
    }

    public async Task SaveAsync(McpPinSet pins, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pins);
        await using var command = _source.CreateCommand("INSERT INTO mcp_pins (server_key, pins, updated_at) VALUES (@key, @pins, @at) ON CONFLICT (server_key) DO UPDATE SET pins = excluded.pins, updated_at = excluded.updated_at");
        command.Parameters.AddWithValue("key", pins.ServerKey);
        command.Parameters.Add(new NpgsqlParameter("pins", NpgsqlDbType.Jsonb) { Value = SnapshotCodec.EncodePins(pins) });
        command.Parameters.AddWithValue("at", pins.LastSeenAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _source.DisposeAsync();

    /// <summary>Turns <c>postgres://user:pw@host:port/db?sslmode=x</c> into an Npgsql connection string; other text passes through.</summary>
    public static string ToConnectionString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("postgres://", StringComparison.Ordinal) && !text.StartsWith("postgresql://", StringComparison.Ordinal))
        {
            return text;
        }

        var uri = new Uri(text);
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port, Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? db : "postgres" };
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2))
        {
            builder[Uri.UnescapeDataString(pair[0])] = Uri.UnescapeDataString(pair[1]);
        }

        return builder.ConnectionString;
    }

    private static async Task MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLock})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var table = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())", connection, transaction))
        {
            await table.ExecuteNonQueryAsync(cancellationToken);
        }

        for (var version = 1; version <= Migrations.Length; version++)
        {
            await using var check = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations WHERE version = @v", connection, transaction);
            check.Parameters.AddWithValue("v", version);
            if ((long)(await check.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var migrate = new NpgsqlCommand(Migrations[version - 1] + $"; INSERT INTO schema_migrations (version) VALUES ({version});", connection, transaction);
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
