using CcAudit.Core.Activity;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Core.Tests.Activity;

public sealed class ActivityBaselinesTests
{
    [Fact]
    public void MedianAndMad_AreRobust()
    {
        double[] weeks = [2, 3, 2, 4, 3, 40];

        Assert.Equal(3, ActivityBaselines.Median(weeks));
        Assert.Equal(1, ActivityBaselines.Mad(weeks));
        Assert.True(ActivityBaselines.IsSpike(40, weeks));
        Assert.False(ActivityBaselines.IsSpike(4, weeks));
        Assert.False(ActivityBaselines.IsSpike(2, [0, 0, 0, 2]));
        Assert.True(ActivityBaselines.IsSpike(5, [0, 0, 0, 5]));
    }

    [Fact]
    public void SixWeeks_DenialSpikeAndLateFirstSightings_AreAnomalies()
    {
        using var dir = new TempDir();
        const string Cwd = "/home/dev/app";
        var monday = new DateTime(2026, 9, 7, 10, 0, 0, DateTimeKind.Utc);
        var lines = new List<string>();
        var n = 0;
        for (var week = 0; week < 6; week++)
        {
            var at = monday.AddDays(7 * week);
            lines.Add(Prompt("s" + week, Cwd, at, $"p{week}", "work"));
            var denials = week == 4 ? 9 : 1;
            for (var i = 0; i < denials; i++, n++)
            {
                lines.Add(Assistant("s" + week, Cwd, at.AddMinutes(i), $"m{n}", $"r{n}", 1, 1, block: ToolUse($"t{n}", "Bash", new() { ["command"] = "rm -rf /" })));
                lines.Add(ToolResult("s" + week, Cwd, at.AddMinutes(i).AddSeconds(1), $"u{n}", $"t{n}", "denied", "reject", "config", "rule", "permission-rule"));
            }
        }

        lines.Add(Assistant("s5", Cwd, monday.AddDays(35), "mx", "rx", 1, 1, block: ToolUse("tx", "mcp__newsrv__run", [])));
        lines.Add(Assistant("s5", Cwd, monday.AddDays(35), "my", "ry", 1, 1, block: ToolUse("ty", "WebFetch", new() { ["url"] = "https://paste.example.io/raw" })));
        dir.Write(Path.Combine("home", ".claude", "projects", "-app", "all.jsonl"), string.Concat(lines));
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);

        Assert.Equal(6, activity.Baselines.Count);
        var spike = Assert.Single(activity.Anomalies, a => a.Kind == ActivityBaselines.DenialSpike);
        Assert.Equal("2026-W41", spike.When);
        Assert.Contains(activity.Anomalies, a => a.Kind == ActivityBaselines.FirstMcpServer && a.Subject == "newsrv");
        Assert.Contains(activity.Anomalies, a => a.Kind == ActivityBaselines.FirstDomain && a.Subject == "paste.example.io");
        Assert.DoesNotContain(activity.Anomalies, a => a.Kind == ActivityBaselines.ApprovalSpike);
    }

    /// <summary>
    /// Approvals per week 2, 3, 2, 3, 20, 2: median 2.5, MAD 0.5, so week five scores 0.6745·17.5/0.5 ≈ 23.6 and is a
    /// spike while a week of 3 scores 0.67 and is not.
    /// </summary>
    [Fact]
    public void SixWeeks_ApprovalSpike_IsAnAnomalyForThatWeekOnly()
    {
        var activity = Approvals(2, 3, 2, 3, 20, 2);

        Assert.Equal([2, 3, 2, 3, 20, 2], activity.Baselines.Select(b => b.Approvals));
        var spike = Assert.Single(activity.Anomalies);
        Assert.Equal((ActivityBaselines.ApprovalSpike, "/home/dev/app", "2026-W41"), (spike.Kind, spike.LaunchDirectory, spike.When));
        Assert.StartsWith("20 approvals by a person in 2026-W41 against a weekly median of 2.5 (MAD 0.5) over 6 weeks", spike.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeWeeks_AreTooFewForAnApprovalSpike()
    {
        var activity = Approvals(1, 1, 20);

        Assert.Equal(3, activity.Baselines.Count);
        Assert.Empty(activity.Anomalies);
    }

    /// <summary>One session a week from Monday 2026-09-07 (2026-W37) in which a person approved the given number of Bash calls.</summary>
    private static ActivitySummary Approvals(params int[] perWeek)
    {
        using var dir = new TempDir();
        const string Cwd = "/home/dev/app";
        var monday = new DateTime(2026, 9, 7, 10, 0, 0, DateTimeKind.Utc);
        var lines = new List<string>();
        var n = 0;
        for (var week = 0; week < perWeek.Length; week++)
        {
            var at = monday.AddDays(7 * week);
            lines.Add(Prompt("s" + week, Cwd, at, $"p{week}", "work"));
            for (var i = 0; i < perWeek[week]; i++, n++)
            {
                lines.Add(Assistant("s" + week, Cwd, at.AddMinutes(i), $"m{n}", $"r{n}", 1, 1, block: ToolUse($"t{n}", "Bash", new() { ["command"] = "make" })));
                lines.Add(ToolResult("s" + week, Cwd, at.AddMinutes(i).AddSeconds(1), $"u{n}", $"t{n}", "ok", "accept", "user_temporary"));
            }
        }

        dir.Write(Path.Combine("home", ".claude", "projects", "-app", "all.jsonl"), string.Concat(lines));
        var diagnostics = new List<Diagnostic>();
        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);
        Assert.Empty(diagnostics);
        return activity;
    }
}
