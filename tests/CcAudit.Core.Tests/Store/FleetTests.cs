using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Store;

public sealed class FleetTests : IDisposable
{
    private readonly FixtureHome _fixture = new();
    private readonly TempDir _dir = new();
    private readonly AuditReport _report;

    public FleetTests()
    {
        _report = Auditor.Run(_fixture.Options(), new AuditOptions()).Report;
    }

    public void Dispose()
    {
        _fixture.Dispose();
        _dir.Dispose();
    }

    private AuditReport On(string machine, bool managed = true) =>
        _report with { Inventory = _report.Inventory with { Machine = _report.Inventory.Machine with { Hostname = machine }, Managed = _report.Inventory.Managed with { Present = managed } } };

    private async Task<string> WriteAsync(string name, AuditReport report)
    {
        var path = _dir.Combine("inbox", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await SnapshotFile.WriteAsync(report, path, null, TestContext.Current.CancellationToken);
        return path;
    }

    [Fact]
    public async Task SnapshotFile_RoundTripsAndCarriesHashAndTool()
    {
        var path = await WriteAsync("a.json", On("laptop-1"));

        var read = SnapshotFile.Read(path);

        Assert.True(read.HasValue);
        Assert.Equal(SnapshotCodec.Encode(On("laptop-1")).Hash, read.Value!.Hash);
        Assert.Contains("\"sha256\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnapshotFile_ReformattedButUnchanged_StillVerifies()
    {
        var path = await WriteAsync("a.json", On("laptop-1"));
        var compact = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.ToJsonString();
        Assert.NotEqual(File.ReadAllText(path).Length, compact.Length);
        File.WriteAllText(path, compact);

        var read = SnapshotFile.Read(path);

        Assert.True(read.HasValue, string.Join("; ", read.Diagnostics.Select(d => d.Message)));
        Assert.Equal(SnapshotCodec.Encode(On("laptop-1")).Hash, read.Value!.Hash);
    }

    [Fact]
    public async Task SnapshotFile_Tampered_IsRejected()
    {
        var path = await WriteAsync("a.json", On("laptop-1"));
        File.WriteAllText(path, File.ReadAllText(path).Replace("laptop-1", "laptop-9", StringComparison.Ordinal));

        var read = SnapshotFile.Read(path);

        Assert.False(read.HasValue);
        Assert.Equal(DiagnosticCodes.SnapshotTampered, Assert.Single(read.Diagnostics).Code);
    }

    [Theory]
    [InlineData("{\"format\":\"ccaudit-snapshot\",\"version\":1,\"sha256\":\"x\",\"report\":", DiagnosticCodes.JsonMalformed)]
    [InlineData("{\"hello\":1}", DiagnosticCodes.SnapshotInvalid)]
    [InlineData("{\"format\":\"ccaudit-snapshot\",\"version\":99}", DiagnosticCodes.SnapshotInvalid)]
    [InlineData("{\"format\":\"ccaudit-snapshot\",\"version\":1,\"sha256\":\"x\",\"report\":{\"schemaVersion\":\"nope\"}}", DiagnosticCodes.SnapshotInvalid)]
    public void SnapshotFile_Corrupt_IsRejectedWithAReason(string content, string code)
    {
        var path = _dir.Write("bad.json", content);

        Assert.Equal(code, Assert.Single(SnapshotFile.Read(path).Diagnostics).Code);
    }

    [Fact]
    public async Task Import_IsIdempotent_AndStoresNothingFromRejectedFiles()
    {
        await WriteAsync("a.json", On("laptop-1"));
        await WriteAsync("b.json", On("laptop-2"));
        _dir.Write(Path.Combine("inbox", "c.json"), "{ broken");
        await using var store = await SqliteSnapshotStore.OpenAsync(_dir.Combine("fleet.db"), TestContext.Current.CancellationToken);

        var first = await FleetImporter.ImportAsync(store, [_dir.Combine("inbox")], new SnapshotTrust(new HashSet<string>(), AllowUnsigned: true), cancellationToken: TestContext.Current.CancellationToken);
        var second = await FleetImporter.ImportAsync(store, [_dir.Combine("inbox")], new SnapshotTrust(new HashSet<string>(), AllowUnsigned: true), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([FleetImporter.Imported, FleetImporter.Imported, FleetImporter.Rejected], first.Select(o => o.Result));
        Assert.Equal([FleetImporter.AlreadyPresent, FleetImporter.AlreadyPresent, FleetImporter.Rejected], second.Select(o => o.Result));
        Assert.Equal(2, (await store.ListAsync(TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task FleetReport_AnswersTheInventoryQuestionsAcrossMachines()
    {
        await using var store = await SqliteSnapshotStore.OpenAsync(_dir.Combine("fleet.db"), TestContext.Current.CancellationToken);
        await store.SaveAsync(On("laptop-1"), TestContext.Current.CancellationToken);
        await store.SaveAsync(On("laptop-2", managed: false), TestContext.Current.CancellationToken);
        await store.SaveAsync(On("laptop-2", managed: false) with { GeneratedAt = _report.GeneratedAt.AddHours(1) }, TestContext.Current.CancellationToken);

        var report = await FleetReportBuilder.BuildAsync(store, TestContext.Current.CancellationToken);

        Assert.Equal((3, 2), (report.Snapshots, report.Machines));
        var table = report.Tables.ToDictionary(t => t.Name);
        Assert.Equal(["laptop-1", "laptop-2"], table["machines"].Rows.Select(r => r[0]));
        Assert.Equal(["laptop-2"], table["no-managed-policy"].Rows.Select(r => r[0]));
        Assert.Contains(table["mcp-servers"].Rows, r => r[0] == "laptop-2" && r[4] == "db" && r[7].Contains("redacted", StringComparison.Ordinal));
        Assert.Contains(table["repositories"].Rows, r => r[0].EndsWith("/work/app", StringComparison.Ordinal) && r[1] == "2");
        Assert.Equal("critical", table["riskiest-rules"].Rows[0][1]);
        Assert.DoesNotContain("correct-horse-battery-staple", string.Join(",", report.Tables.SelectMany(t => t.Rows.SelectMany(r => r))), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FleetReport_FromSnapshotsStoredBeforeFleetEntries_IsTheSame()
    {
        var path = _dir.Combine("fleet.db");
        await using var store = await SqliteSnapshotStore.OpenAsync(path, TestContext.Current.CancellationToken);
        await store.SaveAsync(On("laptop-1"), TestContext.Current.CancellationToken);
        await store.SaveAsync(On("laptop-2", managed: false), TestContext.Current.CancellationToken);
        var fromEntries = await FleetReportBuilder.BuildAsync(store, TestContext.Current.CancellationToken);

        // A database written before migration 2 has no fleet entries: the report must come from the stored reports.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var clear = connection.CreateCommand();
            clear.CommandText = "UPDATE snapshots SET fleet = NULL";
            Assert.Equal(2, await clear.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
        }

        var fromReports = await FleetReportBuilder.BuildAsync(store, TestContext.Current.CancellationToken);

        Assert.Equal(fromEntries.Tables.Select(t => t.Name), fromReports.Tables.Select(t => t.Name));
        Assert.Equal(fromEntries.Tables.SelectMany(t => t.Rows.Select(r => t.Name + ":" + string.Join("|", r))), fromReports.Tables.SelectMany(t => t.Rows.Select(r => t.Name + ":" + string.Join("|", r))));
        Assert.True(fromEntries.Tables.Sum(t => t.Rows.Count) > 5);
    }
}
