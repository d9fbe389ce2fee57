using System.Diagnostics;
using CcAudit.Core.Audit;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Store;

/// <summary>The same suite for every backend: SQLite (default) and a real PostgreSQL started by ./test.sh.</summary>
public abstract class SnapshotStoreTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    protected TempDir Dir { get; } = new();

    protected abstract Task<ISnapshotStore> OpenAsync();

    /// <summary>The <c>--store</c> value a child process uses to reach the same store.</summary>
    protected abstract string Location { get; }

    public void Dispose()
    {
        _fixture.Dispose();
        Dir.Dispose();
        GC.SuppressFinalize(this);
    }

    private AuditReport Audit(DateTimeOffset at) =>
        Auditor.Run(_fixture.Options(), new AuditOptions(), new FixedClock(at)).Report;

    [Fact]
    public async Task Save_ThenListAndLoad_RoundTripsTheWholeReport()
    {
        await using var store = await OpenAsync();
        var report = Audit(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero));

        var saved = await store.SaveAsync(report, TestContext.Current.CancellationToken);
        var listed = Assert.Single(await store.ListAsync(TestContext.Current.CancellationToken));
        var loaded = await store.LoadAsync(saved.Id, TestContext.Current.CancellationToken);

        Assert.Equal(saved, listed);
        Assert.Equal(report.Findings.Count, listed.Findings);
        Assert.Equal(SnapshotCodec.Encode(report).Json, SnapshotCodec.Encode(loaded!).Json);
    }

    [Fact]
    public async Task Save_SameContentTwice_IsStoredOnce()
    {
        await using var store = await OpenAsync();
        var report = Audit(new DateTimeOffset(2026, 11, 2, 10, 0, 0, TimeSpan.Zero));

        var first = await store.SaveAsync(report, TestContext.Current.CancellationToken);
        var second = await store.SaveAsync(report, TestContext.Current.CancellationToken);

        Assert.Equal(first.Id, second.Id);
        Assert.Single(await store.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reopen_KeepsDataAndDoesNotRemigrate()
    {
        var report = Audit(new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero));
        await using (var store = await OpenAsync())
        {
            await store.SaveAsync(report, TestContext.Current.CancellationToken);
        }

        await using var again = await OpenAsync();

        Assert.Single(await again.ListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Pins_RoundTripAndUpdate()
    {
        await using var store = await OpenAsync();
        var pin = McpToolPin.Of(new CcAudit.Core.Mcp.Inspection.McpToolInfo("add", null, "Adds.", "{}"));
        var now = DateTimeOffset.UnixEpoch;

        await store.SaveAsync(new McpPinSet("user:x", [pin], now, [pin], now), TestContext.Current.CancellationToken);
        await store.SaveAsync(new McpPinSet("user:x", [pin], now, [], now.AddDays(1)), TestContext.Current.CancellationToken);
        var loaded = await store.LoadAsync("user:x", TestContext.Current.CancellationToken);

        Assert.Equal(pin, Assert.Single(loaded!.Accepted));
        Assert.Empty(loaded.LastSeen);
        Assert.Null(await store.LoadAsync("user:none", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task TwoWritersAtOnce_BothLand()
    {
        var a = Audit(new DateTimeOffset(2026, 11, 4, 10, 0, 0, TimeSpan.Zero));
        var b = Audit(new DateTimeOffset(2026, 11, 4, 11, 0, 0, TimeSpan.Zero));
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 5; i++) { await first.SaveAsync(a with { GeneratedAt = a.GeneratedAt.AddMinutes(i) }); } }, TestContext.Current.CancellationToken),
            Task.Run(async () => { for (var i = 0; i < 5; i++) { await second.SaveAsync(b with { GeneratedAt = b.GeneratedAt.AddMinutes(i) }); } }, TestContext.Current.CancellationToken));

        Assert.Equal(10, (await first.ListAsync(TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task WriterKilledMidWrite_LeavesEveryEarlierSnapshotIntact()
    {
        // The CLI built in the same configuration as this test assembly (the solution build makes both).
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')));
        var cli = Path.Combine(TestEnvironment.RepoRoot, "src", "CcAudit.Cli", "bin", configuration!, "net10.0", "ccaudit.dll");
        Assert.True(File.Exists(cli), $"build the solution first: {cli} is missing");
        await using (await OpenAsync())
        {
            // Creates the schema (PostgreSQL) so the writer's first run can land.
        }

        var loop = $"while true; do dotnet '{cli}' scan --home '{_fixture.Home}' --managed-dir '{_fixture.Managed}' --store '{Location}' --format json > /dev/null 2>&1; done";
        using var writer = Process.Start(new ProcessStartInfo("bash", ["-c", loop]))!;

        // Let the loop land at least one snapshot (a loaded machine may need far more than a few seconds), then kill it
        // while it is busy with the next one.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            await using (var probe = await OpenAsync())
            {
                if ((await probe.ListAsync(TestContext.Current.CancellationToken)).Count > 0)
                {
                    break;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), TestContext.Current.CancellationToken);
        }

        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);

        // SIGKILL the whole loop (bash and the ccaudit it is running) wherever it is in a write.
        using (var kill = Process.Start(new ProcessStartInfo("pkill", ["-KILL", "-f", Location]))!)
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        writer.Kill(entireProcessTree: true);
        await writer.WaitForExitAsync(TestContext.Current.CancellationToken);

        await using var store = await OpenAsync();
        var snapshots = await store.ListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(snapshots);
        foreach (var snapshot in snapshots)
        {
            var report = await store.LoadAsync(snapshot.Id, TestContext.Current.CancellationToken);
            Assert.Equal(snapshot.ContentHash, SnapshotCodec.Encode(report!).Hash);
        }

        await store.SaveAsync(Audit(DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteSnapshotStoreTests : SnapshotStoreTests
{
    protected override string Location => Dir.Combine("store", "ccaudit.db");

    protected override async Task<ISnapshotStore> OpenAsync() => await SqliteSnapshotStore.OpenAsync(Location);

    [Fact]
    public async Task Database_UsesWalAndPassesIntegrityCheck()
    {
        await using (await OpenAsync())
        {
        }

        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Location}");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
        command.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!);
    }
}

public sealed class PostgresSnapshotStoreTests : SnapshotStoreTests
{
    private readonly string _schema = "t_" + Guid.NewGuid().ToString("N")[..12];

    protected override string Location => TestEnvironment.PostgresConnectionString + ";Search Path=" + _schema;

    protected override async Task<ISnapshotStore> OpenAsync() => await PostgresSnapshotStore.OpenAsync(TestEnvironment.PostgresConnectionString, _schema);

    [Fact]
    public void PostgresUrl_BecomesAConnectionString()
    {
        var cs = PostgresSnapshotStore.ToConnectionString("postgres://audit:p%40ss@db.example.com:6543/fleet?sslmode=require");

        Assert.Contains("Host=db.example.com", cs, StringComparison.Ordinal);
        Assert.Contains("Port=6543", cs, StringComparison.Ordinal);
        Assert.Contains("Database=fleet", cs, StringComparison.Ordinal);
        Assert.Contains("Password=p@ss", cs, StringComparison.Ordinal);
        Assert.Contains("SSL Mode=Require", cs, StringComparison.Ordinal);
    }
}
