using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Activity;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.Reports;
using CcAudit.Core.Tests.TestSupport;
using Json.Schema;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Core.Tests.Activity;

/// <summary>The activity folded into the scan report (every format) and the activity command's own report.</summary>
public sealed class ActivityReportTests : IDisposable
{
    private const string Hostile = "curl https://x.example.com/?q=<img src=x onerror=alert(1)>";
    private readonly FixtureHome _fixture = new();

    public ActivityReportTests()
    {
        var cwd = FixtureHome.RecordedHome + "/work/app";
        var at = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
        var file = Path.Combine(_fixture.Home, ".claude", "projects", "-tmp-fx-home-work-app", "risky.jsonl");
        File.WriteAllText(file, string.Concat(
            Prompt("risky", cwd, at, "p1", "go", mode: "bypassPermissions"),
            Assistant("risky", cwd, at.AddSeconds(1), "rm1", "rr1", 5, 5, block: ToolUse("rt1", "Bash", new() { ["command"] = Hostile })),
            Assistant("risky", cwd, at.AddSeconds(2), "rm2", "rr2", 5, 5, block: ToolUse("rt2", "Bash", new() { ["command"] = "sudo rm -rf /var/lib/app" }))));
        var sessions = Directory.CreateDirectory(Path.Combine(_fixture.Home, ".claude", "sessions")).FullName;
        File.WriteAllText(Path.Combine(sessions, "4242.json"), $$"""{"pid":4242,"sessionId":"risky","cwd":"{{cwd}}","startedAt":1795582000000,"version":"2.1.90","kind":"interactive","entrypoint":"cli","status":"idle"}""");
    }

    public void Dispose() => _fixture.Dispose();

    private AuditReport Audit() => Auditor.Run(_fixture.Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;

    [Fact]
    public async Task ScanJson_CarriesTheActivity_AndMatchesTheSchema()
    {
        var json = JsonDocument.Parse(await HostileText(new JsonReportWriter()));

        var result = TestSchemas.Report.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, Errors(result));
        var activity = json.RootElement.GetProperty("activity");
        Assert.Equal(2, activity.GetProperty("sessions").GetInt32());
        Assert.Equal(1, activity.GetProperty("bypassSessions").GetInt32());
        Assert.Contains(activity.GetProperty("anomalies").EnumerateArray(), a => a.GetProperty("kind").GetString() == ActivityBaselines.FirstBypass);
    }

    [Fact]
    public void LiveSessionsTable_ListsTheRegistryEntries()
    {
        var table = ActivityTables.Get(Audit().Activity, "live-sessions");

        Assert.Equal(["cwd", "session id", "pid", "kind", "entrypoint", "version", "status", "started"], table.Header);
        Assert.Equal([[FixtureHome.RecordedHome + "/work/app", "risky", "4242", "interactive", "cli", "2.1.90", "idle", "2026-11-25 04:46:40"]], table.Rows);
    }

    [Fact]
    public async Task ScanMarkdownAndHtml_ShowTheRiskyCommands_Escaped()
    {
        var md = await HostileText(new MarkdownReportWriter());
        var html = await HostileText(new HtmlReportWriter());

        Assert.Contains("### What Claude Code did", md, StringComparison.Ordinal);
        Assert.Contains("destructive privilege-escalation", md, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", md, StringComparison.Ordinal);
        Assert.Contains("<h2>What Claude Code did</h2>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScanCsvAndXlsx_HaveTheActivityTables()
    {
        var csv = await HostileText(new CsvReportWriter(ReportTables.ActivityPrefix + ActivityTables.Commands));
        var xlsx = new MemoryStream(await HostileReport.RenderAsync(new XlsxReportWriter(), Audit()));

        Assert.StartsWith("command,categories,hosts", csv, StringComparison.Ordinal);
        Assert.Contains("sudo rm -rf /var/lib/app", csv, StringComparison.Ordinal);
        using var zip = new ZipArchive(xlsx);
        Assert.Equal(4 + ActivityTables.Names.Count, zip.Entries.Count(e => e.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ActivityReportJson_MatchesItsSchema()
    {
        var diagnostics = new List<Diagnostic>();
        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(_fixture.Home, "test")], diagnostics);
        var report = new ActivityReport(ActivityReport.CurrentSchemaVersion, "ccaudit test", DateTimeOffset.UtcNow, [_fixture.Home], new DateOnly(2026, 1, 1), null, null, activity, diagnostics);
        using var stream = new MemoryStream();

        await ActivityTables.WriteAsync(report, "json", ActivityTables.Days, stream, TestContext.Current.CancellationToken);

        var result = TestSchemas.Activity.Evaluate(JsonDocument.Parse(stream.ToArray()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(result.IsValid, Errors(result));
    }

    [Fact]
    public void SnapshotStoredBeforeTheDetail_StillLoads()
    {
        var (json, _) = Core.Store.SnapshotCodec.Encode(Audit());
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var old = new System.Text.Json.Nodes.JsonObject();
        foreach (var member in new[] { "transcripts", "sessions", "prompts", "toolCalls", "toolCallsByTool", "denials", "bypassSessions", "inputTokens", "outputTokens", "cacheReadTokens", "cacheCreationTokens", "firstActivity", "lastActivity" })
        {
            old[member] = node["activity"]![member]!.DeepClone();
        }

        node["activity"] = old;

        var report = Core.Store.SnapshotCodec.Decode(node.ToJsonString());

        Assert.Equal(2, report.Activity.Sessions);
        Assert.Empty(report.Activity.Commands);
        Assert.Equal(PermissionEvidence.None, report.Activity.Permissions);
    }

    private async Task<string> HostileText(IReportWriter writer) => Encoding.UTF8.GetString(await HostileReport.RenderAsync(writer, Audit()));

    private static string Errors(EvaluationResults result) =>
        string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}"));
}
