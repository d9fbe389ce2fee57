using System.Globalization;
using CcAudit.Core.Discovery;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

internal sealed class SweptEvidenceRule : SettingCheck
{
    private static readonly DateTimeOffset SampleSweep = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    public override RuleMetadata Metadata { get; } = new("CCA489", "Session evidence was swept by Claude Code's retention", Severity.Low,
        AuditStep.Monitoring,
        "Claude Code deletes transcripts older than `cleanupPeriodDays` (30 by default) at startup, and records the sweep in " +
        "`.last-cleanup`. " +
        "A session whose transcript is gone but whose `tool-results/`, `subagents/`, `session-env/` or `file-history/` folder remains " +
        "ran " +
        "here, and what it did can no longer be read: the audit says which sessions and since when its view starts.",
        "Export telemetry (OTLP) or copy transcripts off the machine before the period ends; raise `cleanupPeriodDays` in managed " +
        "settings " +
        "where forensics needs more history.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("{}")) with { Retention = Sample(orphans: 1) },
        Sample(false, User("{}")) with { Retention = Sample(orphans: 0) },
        Sample(false, User("{}")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var home in context.Homes.Where(h => h.Report.Retention is { Orphans.Count: > 0 }))
        {
            var retention = home.Report.Retention!;
            var newest = retention.Orphans.Max(o => o.LastWrite);
            var kinds = string.Join(", ", retention.Orphans.SelectMany(o => o.Kinds).Distinct().Order(StringComparer.Ordinal));
            var swept = retention.LastCleanup is { } last
                ? $"; the last sweep ran {Day(last)}, so sessions last written before " +
                  $"{Day(last.AddDays(-retention.CleanupPeriodDays))} are gone"
                : "; no .last-cleanup marker says when the sweep ran";
            yield return Found(
                $"{retention.Orphans.Count} session(s) in {home.Home.ConfigDir} lost their transcript (evidence left from " +
                $"{Day(retention.Orphans[0].LastWrite)} " +
                $"to {Day(newest)}: {kinds}); " +
                $"cleanupPeriodDays is {retention.CleanupPeriodDays} ({retention.Tier}){swept}",
                new Common.SourceLocation(retention.Orphans[0].Paths[0]), home.Home.ConfigDir,
                ("sessions", string.Join(",", retention.Orphans.Select(o => o.Session))));
        }
    }

    private static string Day(DateTimeOffset when) => when.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static RetentionReport Sample(int orphans) => new(RetentionForensics.DefaultPeriodDays, "default", null, SampleSweep,
        SampleSweep.AddDays(-RetentionForensics.DefaultPeriodDays), 3, SampleSweep.AddDays(-29),
        [.. Enumerable.Range(0, orphans).Select(i => new OrphanedSession($"0000000{i}-aaaa-bbbb-cccc-dddddddddddd", ["tool-results"],
            [$"{RuleSampleContext.HomeDir}/.claude/projects/-sample-project/0000000{i}-aaaa-bbbb-cccc-dddddddddddd/tool-results"], 2,
                SampleSweep.AddDays(-40)))]);
}
