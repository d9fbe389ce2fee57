using System.IO.Compression;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

public sealed class FleetCommandsTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task ScanOut_ThenFleetImportAndReport_EndToEnd()
    {
        var inbox = Path.Combine(_fixture.Root, "inbox");
        Directory.CreateDirectory(inbox);
        var store = Path.Combine(_fixture.Root, "fleet.db");
        var scan = await CliRunner.RunAsync("scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--no-store", "--out", Path.Combine(inbox, "host.json"), "--format", "json");
        File.WriteAllText(Path.Combine(inbox, "tampered.json"), File.ReadAllText(Path.Combine(inbox, "host.json")).Replace("\"cleanupPeriodDays\"", "\"x\"", StringComparison.Ordinal).Replace("CCA", "CCX", StringComparison.Ordinal));

        var import = await CliRunner.RunAsync("fleet", "import", inbox, "--store", store);
        var again = await CliRunner.RunAsync("fleet", "import", Path.Combine(inbox, "host.json"), "--store", store);
        var xlsx = Path.Combine(_fixture.Root, "fleet.xlsx");
        var report = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "xlsx", "--output", xlsx);
        var csv = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "csv", "--table", "mcp-servers");

        Assert.Equal(0, scan.ExitCode);
        Assert.Equal(3, import.ExitCode);
        Assert.Contains("imported", import.Out, StringComparison.Ordinal);
        Assert.Contains("rejected", import.Out, StringComparison.Ordinal);
        Assert.Contains("already present", again.Out, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
        using var zip = new ZipArchive(File.OpenRead(xlsx));
        Assert.Contains("mcp-servers", new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd(), StringComparison.Ordinal);
        Assert.StartsWith("machine,user,owner (home),scope,name", csv.Out, StringComparison.Ordinal);
        Assert.Contains("remote-docs", csv.Out, StringComparison.Ordinal);
    }
}
