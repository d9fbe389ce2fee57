using CcAudit.Core.Analysis;
using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>
/// Retention forensics on a home laid out as claude-code-surface.md §8 describes it: transcripts in projects/&lt;slug&gt;/,
/// per-session subagents/ and tool-results/, session-env/ and file-history/ per session, the .last-cleanup marker.
/// </summary>
public sealed class RetentionForensicsTests : IDisposable
{
    private const string Kept = "11111111-1111-4111-8111-111111111111";
    private const string SweptWithFolders = "22222222-2222-4222-8222-222222222222";
    private const string SweptEnvOnly = "33333333-3333-4333-8333-333333333333";
    private static readonly DateTime Sweep = new(2026, 11, 30, 8, 0, 0, DateTimeKind.Utc);

    private readonly TempDir _dir = new();

    public RetentionForensicsTests()
    {
        var project = Path.Combine(Config, "projects", "-work-app");
        Write(Path.Combine(project, Kept + ".jsonl"), "{}\n", Sweep.AddDays(-3));
        Write(Path.Combine(project, Kept, "tool-results", "r1.txt"), "x", Sweep.AddDays(-3));
        Write(Path.Combine(project, SweptWithFolders, "subagents", "agent-a.jsonl"), "{}\n", Sweep.AddDays(-45));
        Write(Path.Combine(project, SweptWithFolders, "tool-results", "r2.txt"), "x", Sweep.AddDays(-44));
        Write(Path.Combine(project, "memory", "MEMORY.md"), "notes", Sweep);
        Write(Path.Combine(Config, "session-env", Kept, "env"), "A=1", Sweep.AddDays(-3));
        Write(Path.Combine(Config, "session-env", SweptEnvOnly, "env"), "A=1", Sweep.AddDays(-60));
        Write(Path.Combine(Config, ".last-cleanup"), string.Empty, Sweep);
        Directory.CreateDirectory(Managed);
    }

    private string Home => Path.Combine(_dir.Path, "home");

    private string Config => Path.Combine(Home, ".claude");

    private string Managed => Path.Combine(_dir.Path, "managed");

    public void Dispose() => _dir.Dispose();

    private ScanOptions Options() => new([Home], false, Managed, [], new PathMap([]), new Dictionary<string, string?> { ["HOME"] = Home });

    private static void Write(string path, string text, DateTime written)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, written);
    }

    private RetentionReport Retention() => InventoryScanner.Scan(Options()).Inventory.Homes.Single().Retention!;

    [Fact]
    public void SessionsWhoseTranscriptWasSwept_AreNamedWithWhatTheyLeft()
    {
        File.WriteAllText(Path.Combine(Config, "settings.json"), """{"cleanupPeriodDays": 7}""");

        var retention = Retention();

        Assert.Equal((7, "user", Path.Combine(Config, "settings.json")), (retention.CleanupPeriodDays, retention.Tier, retention.File));
        Assert.Equal((Sweep, Sweep.AddDays(-7)), (retention.LastCleanup!.Value.UtcDateTime, retention.SweptBefore!.Value.UtcDateTime));
        Assert.Equal((1, Sweep.AddDays(-3)), (retention.Transcripts, retention.OldestTranscript!.Value.UtcDateTime));
        Assert.Equal([SweptEnvOnly, SweptWithFolders], retention.Orphans.Select(o => o.Session));
        var folders = retention.Orphans[1];
        Assert.Equal(("subagents,tool-results", 2, Sweep.AddDays(-44)), (string.Join(",", folders.Kinds), folders.Files,
            folders.LastWrite.UtcDateTime));
        Assert.Equal("session-env", Assert.Single(retention.Orphans[0].Kinds));
    }

    [Fact]
    public void ManagedPeriod_Wins_AndAValueClaudeCodeWouldRefuse_IsTheDefault()
    {
        File.WriteAllText(Path.Combine(Config, "settings.json"), """{"cleanupPeriodDays": 7}""");
        File.WriteAllText(Path.Combine(Managed, "managed-settings.json"), """{"cleanupPeriodDays": 90}""");
        Assert.Equal((90, "managed"), (Retention().CleanupPeriodDays, Retention().Tier));

        File.WriteAllText(Path.Combine(Managed, "managed-settings.json"), """{"cleanupPeriodDays": 0}""");
        File.WriteAllText(Path.Combine(Config, "settings.json"), """{"cleanupPeriodDays": "forever"}""");
        Assert.Equal((RetentionForensics.DefaultPeriodDays, "default", (string?)null), (Retention().CleanupPeriodDays, Retention().Tier,
            Retention().File));
    }

    [Fact]
    public void HostileLayout_LoopsAndFilesWhereFoldersBelong_NeitherHangNorCount()
    {
        var project = Path.Combine(Config, "projects", "-work-app");
        Directory.CreateSymbolicLink(Path.Combine(project, "44444444-4444-4444-8444-444444444444"), project);
        File.WriteAllText(Path.Combine(Config, "session-env", "not-a-folder"), "x");
        File.Delete(Path.Combine(Config, ".last-cleanup"));
        Directory.CreateDirectory(Path.Combine(Config, ".last-cleanup"));

        var retention = Retention();

        Assert.Equal([SweptEnvOnly, SweptWithFolders], retention.Orphans.Select(o => o.Session));
        Assert.Null(retention.LastCleanup);
    }

    [Fact]
    public void Finding_SaysWhichEvidenceIsGoneAndSinceWhen_AndTheDocumentShowsIt()
    {
        var scan = InventoryScanner.Scan(Options());

        var finding = Assert.Single(RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(scan)),
            f => f.RuleId == "CCA489");
        Assert.Contains("2 session(s)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("cleanupPeriodDays is 30 (default)", finding.Message, StringComparison.Ordinal);
        Assert.Contains("sessions last written before 2026-10-31 are gone", finding.Message, StringComparison.Ordinal);

        Directory.Delete(Path.Combine(Config, "session-env", SweptEnvOnly), true);
        Directory.Delete(Path.Combine(Config, "projects", "-work-app", SweptWithFolders), true);
        Assert.DoesNotContain(RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules,
            RuleContext.FromScan(InventoryScanner.Scan(Options()))),
            f => f.RuleId == "CCA489");
    }

    [Fact]
    public async Task MarkdownReport_ListsRetentionUnderWhatTheScanCouldNotSee()
    {
        var report = Auditor.Run(Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;
        using var md = new MemoryStream();

        await new MarkdownReportWriter().WriteAsync(report, md, TestContext.Current.CancellationToken);

        var text = System.Text.Encoding.UTF8.GetString(md.ToArray());
        var section = text[text.IndexOf("## What the scan could not see", StringComparison.Ordinal)..text.IndexOf("## 1. Inventory",
            StringComparison.Ordinal)];
        Assert.Contains("cleanupPeriodDays 30 (default); last sweep 2026-11-30", section, StringComparison.Ordinal);
        Assert.Contains($"`{SweptWithFolders}`: subagents, tool-results left (2 file(s)", section, StringComparison.Ordinal);
    }
}
