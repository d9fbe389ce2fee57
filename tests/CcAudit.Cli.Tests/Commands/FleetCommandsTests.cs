using System.IO.Compression;
using System.Text.Json;
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

        var trusted = CliRunner.TrustedDefaultKey();
        var import = await CliRunner.RunAsync("fleet", "import", inbox, "--store", store, "--trusted-keys", trusted);
        var again = await CliRunner.RunAsync("fleet", "import", Path.Combine(inbox, "host.json"), "--store", store, "--trusted-keys", trusted);
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

    private async Task<string> ImportOneAuditAsync()
    {
        var inbox = Path.Combine(_fixture.Root, "inbox");
        var store = Path.Combine(_fixture.Root, "fleet.db");
        Directory.CreateDirectory(inbox);
        await CliRunner.RunAsync("scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--path-map", $"{FixtureHome.RecordedHome}={_fixture.Home}", "--no-store", "--out", Path.Combine(inbox, "host.json"), "--format", "json");
        var import = await CliRunner.RunAsync("fleet", "import", inbox, "--store", store, "--trusted-keys", CliRunner.TrustedDefaultKey());
        Assert.Equal(0, import.ExitCode);
        return store;
    }

    private void PlantHostileServer() =>
        File.WriteAllText(Path.Combine(_fixture.App, ".mcp.json"), """{"mcpServers":{"<script>alert(1)</script>":{"command":"npx","args":["-y","evil"]}}}""");

    [Fact]
    public async Task Report_Json_HasCountsAndEveryTable()
    {
        var store = await ImportOneAuditAsync();

        var json = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "json");

        Assert.Equal(0, json.ExitCode);
        var root = JsonDocument.Parse(json.Out).RootElement;
        Assert.Equal((1, 1), (root.GetProperty("snapshots").GetInt32(), root.GetProperty("machines").GetInt32()));
        var tables = root.GetProperty("tables").EnumerateArray().ToList();
        Assert.Equal(["machines", "repositories", "settings-per-tier", "mcp-servers", "plugins", "riskiest-rules", "no-managed-policy"],
            tables.Select(t => t.GetProperty("name").GetString()));
        var servers = tables.Single(t => t.GetProperty("name").GetString() == "mcp-servers").GetProperty("rows").EnumerateArray()
            .Select(r => r.EnumerateArray().Select(c => c.GetString()).ToList()).ToList();
        Assert.Superset(new HashSet<string?> { "db", "fs", "fetcher", "remote-docs" }, servers.Select(r => r[4]).ToHashSet());
        Assert.All(servers, r => Assert.Equal(Environment.MachineName, r[0]));
    }

    [Fact]
    public async Task Report_Markdown_HasTitleAndOneSectionPerTable()
    {
        var store = await ImportOneAuditAsync();

        var md = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "md");

        Assert.Equal(0, md.ExitCode);
        Assert.StartsWith("# Claude Code fleet: 1 machine/user pair(s), 1 audit(s)\n\n## machines (1)\n\n| machine | user", md.Out, StringComparison.Ordinal);
        Assert.Matches(@"\n## mcp-servers \(\d+\)\n\n\| machine \| user \| owner \(home\) \| scope \| name \|", md.Out);
        Assert.DoesNotContain("## mcp-servers (0)", md.Out, StringComparison.Ordinal);
        Assert.Contains("## no-managed-policy (", md.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Html_EscapesAHostileServerName()
    {
        PlantHostileServer();
        var store = await ImportOneAuditAsync();

        var html = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "html");

        Assert.Equal(0, html.ExitCode);
        Assert.StartsWith("<!doctype html>", html.Out, StringComparison.Ordinal);
        Assert.Matches(@"<h2>mcp-servers \(\d+\)</h2>", html.Out);
        Assert.Contains("<td>&lt;script&gt;alert(1)&lt;/script&gt;</td>", html.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Markdown_NeutralisesAHostileServerName()
    {
        PlantHostileServer();
        var store = await ImportOneAuditAsync();

        var md = await CliRunner.RunAsync("fleet", "report", "--store", store, "--format", "md");

        Assert.DoesNotContain("<script>", md.Out, StringComparison.Ordinal);
        Assert.Contains("alert(1)", md.Out, StringComparison.Ordinal);
    }
}
