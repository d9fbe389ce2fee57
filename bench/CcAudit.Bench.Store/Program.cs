using System.Diagnostics;
using System.Globalization;
using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;

// Import throughput of realistic snapshot files into SQLite and PostgreSQL, and fleet-report time over them.
// Usage: dotnet run -c Release --project bench/CcAudit.Bench.Store -- FIXTURE_HOME_COPY COUNT [POSTGRES_CONNECTION]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: FIXTURE_DIR COUNT [POSTGRES_CONNECTION]  (FIXTURE_DIR holds home/ and managed/ as in tests/CcAudit.Core.Tests/TestData/Discovery/fixture)");
    return 2;
}

var fixture = args[0];
var count = int.Parse(args[1], CultureInfo.InvariantCulture);
var postgres = args.Length > 2 ? args[2] : null;
var work = Directory.CreateTempSubdirectory("ccaudit-bench-store-").FullName;
try
{
    var options = new ScanOptions([Path.Combine(fixture, "home")], false, Path.Combine(fixture, "managed"), [], new PathMap([("/tmp/fx/home", Path.Combine(fixture, "home"))]), new Dictionary<string, string?>());
    var baseReport = Auditor.Run(options, new AuditOptions()).Report;
    var inbox = Directory.CreateDirectory(Path.Combine(work, "inbox")).FullName;
    // Files are signed as `scan --out` signs them, so import measures signature verification too.
    using var key = CollectorKey.LoadOrCreate(Path.Combine(work, "collector-key.pem"), create: true);
    var trust = new SnapshotTrust(new HashSet<string> { key.Fingerprint }, AllowUnsigned: false);
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        // Every machine differs: its name, its user, when it ran, and a share of its findings.
        var report = baseReport with
        {
            GeneratedAt = baseReport.GeneratedAt.AddMinutes(i),
            Inventory = baseReport.Inventory with { Machine = new MachineInfo($"host-{i:D5}", $"user{i % 97}", "Linux") },
            Findings = [.. baseReport.Findings.Where((_, n) => (n + i) % 3 != 0)],
        };
        await SnapshotFile.WriteAsync(report, Path.Combine(inbox, $"host-{i:D5}.json"), key);
    }

    var bytes = Directory.EnumerateFiles(inbox).Sum(f => new FileInfo(f).Length);
    Console.WriteLine($"generated {count:N0} snapshot files ({bytes / 1024 / 1024:N0} MiB, {bytes / count / 1024:N0} KiB each) in {watch.Elapsed.TotalSeconds:0.0} s");

    await Measure("SQLite", await SqliteSnapshotStore.OpenAsync(Path.Combine(work, "fleet.db")));
    if (postgres is not null)
    {
        await Measure("PostgreSQL", await PostgresSnapshotStore.OpenAsync(postgres, "bench_" + Guid.NewGuid().ToString("N")[..8]));
    }

    return 0;

    async Task Measure(string name, ISnapshotStore store)
    {
        await using (store)
        {
            var import = Stopwatch.StartNew();
            var outcomes = await FleetImporter.ImportAsync(store, [inbox], trust);
            import.Stop();
            var report = Stopwatch.StartNew();
            var fleet = await FleetReportBuilder.BuildAsync(store);
            report.Stop();
            Console.WriteLine($"{name}: imported {outcomes.Count(o => o.Result == FleetImporter.Imported):N0} in {import.Elapsed.TotalSeconds:0.00} s = {outcomes.Count / import.Elapsed.TotalSeconds:N0} snapshots/s (read + verify hash and signature + one transaction each); fleet report over {fleet.Machines:N0} machines in {report.Elapsed.TotalSeconds:0.00} s");
        }
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
