using System.Globalization;

namespace CcAudit.Core.Activity;

/// <summary>
/// Per-project weekly baselines and what departs from them. Spikes use the median and the median absolute deviation
/// (robust to the spikes themselves) with Iglewicz and Hoaglin's modified z-score (0.6745·(x−median)/MAD &gt; 3.5); when
/// the MAD is zero (a steady project) a week at least three above the median counts as a spike.
/// </summary>
public static class ActivityBaselines
{
    public const string ApprovalSpike = "approval-spike";
    public const string DenialSpike = "denial-spike";
    public const string FirstMcpServer = "first-seen-mcp-server";
    public const string FirstDomain = "first-seen-domain";
    public const string FirstBypass = "first-bypass-mode";

    /// <summary>Weeks of history a project needs before its spikes mean anything.</summary>
    public const int MinimumWeeks = 4;

    public static double Median(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Mad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        return Median([.. values.Select(v => Math.Abs(v - median))]);
    }

    /// <summary>True when <paramref name="value"/> is a spike against <paramref name="history"/> (which includes it).</summary>
    public static bool IsSpike(double value, IReadOnlyList<double> history)
    {
        var median = Median(history);
        var mad = Mad(history);
        return mad == 0 ? value - median >= 3 : 0.6745 * (value - median) / mad > 3.5;
    }

    internal static List<ActivityAnomaly> Anomalies(
        IReadOnlyList<WeeklyBaseline> weeks,
        IReadOnlyDictionary<string, (DateTimeOffset At, string Directory)> firstServer,
        IReadOnlyDictionary<string, (DateTimeOffset At, string Directory)> firstDomain,
        string? firstWeek,
        IEnumerable<(string Directory, DateTimeOffset? At)> bypassSessions)
    {
        var anomalies = new List<ActivityAnomaly>();
        foreach (var project in weeks.GroupBy(w => w.LaunchDirectory, StringComparer.Ordinal).Where(g => g.Count() >= MinimumWeeks))
        {
            Spikes(project.ToList(), w => w.Approvals, ApprovalSpike, "approvals by a person", anomalies);
            Spikes(project.ToList(), w => w.Denials, DenialSpike, "denials", anomalies);
        }

        // The first week is the baseline itself: everything is new then. Later first sightings are the news.
        foreach (var (kind, firsts, what) in new[] { (FirstMcpServer, firstServer, "MCP server"), (FirstDomain, firstDomain, "web domain") })
        {
            foreach (var (subject, (at, directory)) in firsts.OrderBy(f => f.Value.At))
            {
                if (firstWeek is not null && string.CompareOrdinal(Week(at), firstWeek) > 0)
                {
                    anomalies.Add(new ActivityAnomaly(kind, directory, at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), subject,
                        $"{what} '{subject}' first used on {at.UtcDateTime:yyyy-MM-dd}, after the baseline week {firstWeek}"));
                }
            }
        }

        foreach (var (directory, at) in bypassSessions.GroupBy(b => b.Directory, StringComparer.Ordinal).Select(g => (g.Key, g.Min(b => b.At))).OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var when = at?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "(unknown)";
            anomalies.Add(new ActivityAnomaly(FirstBypass, directory, when, "bypassPermissions", $"first session in bypassPermissions mode on {when}: every tool call ran without a permission check"));
        }

        return anomalies;
    }

    private static void Spikes(List<WeeklyBaseline> weeks, Func<WeeklyBaseline, int> metric, string kind, string what, List<ActivityAnomaly> anomalies)
    {
        var history = weeks.Select(w => (double)metric(w)).ToList();
        var median = Median(history);
        foreach (var week in weeks.Where(w => IsSpike(metric(w), history)))
        {
            anomalies.Add(new ActivityAnomaly(kind, week.LaunchDirectory, week.Week, what,
                string.Create(CultureInfo.InvariantCulture, $"{metric(week)} {what} in {week.Week} against a weekly median of {median:0.#} (MAD {Mad(history):0.#}) over {weeks.Count} weeks")));
        }
    }

    private static string Week(DateTimeOffset at) => $"{ISOWeek.GetYear(at.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):00}";
}
