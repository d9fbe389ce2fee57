using System.Text;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Reports;

namespace CcAudit.Cli.Tests.Trust;

/// <summary>
/// The property of issue 13: a secret planted in any field kind appears whole in no output — no report format (XLSX
/// unzipped), no verb, no snapshot file, no store, no fleet report, no stderr.
/// </summary>
public sealed class NoSecretWholeTests : IDisposable
{
    private readonly SecretPlanting _machine = new();

    public void Dispose() => _machine.Dispose();

    private string[] Machine => ["--home", _machine.Home, "--managed-dir", _machine.Managed, "--project", _machine.Project];

    [Fact]
    public async Task EverySecret_InEveryFieldKind_AppearsWholeInNoOutput()
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var store = _machine.Scratch("store.db");
        var snapshot = _machine.Scratch("snapshot.json");
        await Collect(outputs, "scan console", ["scan", .. Machine, "--store", store, "--out", snapshot]);
        foreach (var format in ReportWriters.Formats.Where(f => f != "xlsx" && f != "csv"))
        {
            await Collect(outputs, $"scan {format}", ["scan", .. Machine, "--no-store", "--format", format]);
        }

        foreach (var table in ReportTables.Names)
        {
            await Collect(outputs, $"scan csv {table}", ["scan", .. Machine, "--no-store", "--format", "csv", "--csv-table", table]);
        }

        var xlsx = _machine.Scratch("report.xlsx");
        await Collect(outputs, "scan xlsx", ["scan", .. Machine, "--no-store", "--format", "xlsx", "--output", xlsx]);
        outputs["xlsx unzipped"] = OutputText.Unzipped(xlsx);
        outputs["snapshot file"] = await File.ReadAllTextAsync(snapshot, TestContext.Current.CancellationToken);
        await Collect(outputs, "second scan", ["scan", .. Machine, "--store", store, "--format", "json"]);
        await Collect(outputs, "drift", ["drift", "--store", store, "--format", "json"]);
        var fleet = _machine.Scratch("fleet.db");
        await Collect(outputs, "fleet import", ["fleet", "import", snapshot, "--store", fleet, "--trusted-keys", CliRunner.TrustedDefaultKey()]);
        await Collect(outputs, "fleet report html", ["fleet", "report", "--store", fleet, "--format", "html"]);
        foreach (var format in new[] { "console", "json" })
        {
            await Collect(outputs, $"mcp list {format}", ["mcp", "list", .. Machine, "--format", format]);
            await Collect(outputs, $"settings show {format}", ["settings", "show", .. Machine, "--cwd", _machine.Project, "--format", format]);
            await Collect(outputs, $"explain {format}", ["permissions", "explain", "--home", _machine.Home, "--managed-dir", _machine.Managed, "--cwd", _machine.Project,
                "--format", format, $"Bash(PGPASSWORD={_machine.Secrets["permission rule PGPASSWORD"]} psql -h db)"]);
            await Collect(outputs, $"reach {format}", ["reach", "--home", _machine.Home, "--cwd", _machine.Project, "--format", format]);
        }

        foreach (var format in new[] { "console", "json", "md", "html" })
        {
            await Collect(outputs, $"activity {format}", ["activity", "--home", _machine.Home, "--format", format]);
        }

        outputs["sqlite store"] = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(store, TestContext.Current.CancellationToken));
        outputs["fleet store"] = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(fleet, TestContext.Current.CancellationToken));

        // JSON escapes non-ASCII and HTML encodes markup: a secret is whole in an output in any of its encodings.
        var leaks = (from output in outputs
                     from secret in _machine.Secrets
                     where OutputText.Encodings(secret.Value).Any(e => output.Value.Contains(e, StringComparison.Ordinal))
                     select $"{secret.Key} whole in {output.Key}").ToList();
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));

        // The planted fields were read: the servers, the rule and the command are in the report, redacted.
        Assert.Contains("pg-mcp", outputs["scan json"], StringComparison.Ordinal);
        Assert.Contains("PGPASSWORD=\\u2026[redacted", outputs["scan json"], StringComparison.Ordinal);
        Assert.Contains("evil.example", outputs["activity json"], StringComparison.Ordinal);
    }

    private static async Task Collect(Dictionary<string, string> outputs, string name, string[] args)
    {
        var result = await CliRunner.RunAsync(args);
        Assert.True(result.ExitCode is 0 or 1, $"{name}: exit {result.ExitCode}: {result.Error}");
        outputs[name] = result.Out;
        outputs[name + " (stderr)"] = result.Error;
    }
}
