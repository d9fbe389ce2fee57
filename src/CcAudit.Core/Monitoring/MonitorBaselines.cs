using CcAudit.Core.Activity;

namespace CcAudit.Core.Monitoring;

/// <summary>One week of one team or launch directory: what its sessions did, the rows the baseline charts and spikes use.</summary>
public sealed record MonitorWeek(string Dimension, string Value, string Week, int Sessions, int Approvals, int Rejections, int ToolCalls, long Tokens);

/// <summary>Weekly baselines per team and per launch directory (median and MAD as <see cref="ActivityBaselines"/>).</summary>
public static class MonitorBaselines
{
    /// <summary>Every ISO week from the first event to the last, empty weeks included (an idle week is part of the baseline).</summary>
    public static IEnumerable<string> Weeks(MonitorFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Events.Count == 0)
        {
            yield break;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(facts.Events.Min(e => e.TimeMs));
        var end = DateTimeOffset.FromUnixTimeMilliseconds(facts.Events.Max(e => e.TimeMs));
        var last = MonitorFacts.Week(end);
        for (var week = MonitorFacts.Week(at); ; at = at.AddDays(7), week = MonitorFacts.Week(at))
        {
            yield return week;
            if (string.CompareOrdinal(week, last) >= 0)
            {
                yield break;
            }
        }
    }

    public static IReadOnlyList<MonitorWeek> Build(MonitorFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var weeks = Weeks(facts).ToList();
        var rows = new List<MonitorWeek>();
        foreach (var (dimension, key) in new (string, Func<MonitorSession, string>)[] { ("team", s => s.Team), ("launch directory", s => s.LaunchDirectory) })
        {
            foreach (var group in facts.Sessions.Values.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = group.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                var calls = facts.Calls.Where(c => ids.Contains(c.Session)).ToList();
                var tokens = facts.Events.Where(e => e.Name == "claude_code.token.usage" && e.SessionId is not null && ids.Contains(e.SessionId)).ToList();
                rows.AddRange(weeks.Select(w => new MonitorWeek(dimension, group.Key, w,
                    group.Count(s => MonitorFacts.Week(s.First) == w),
                    calls.Count(c => MonitorFacts.Week(c.At) == w && c.Decision == "accept" && c.DecisionSource.StartsWith("user_", StringComparison.Ordinal)),
                    calls.Count(c => MonitorFacts.Week(c.At) == w && c.Decision == "reject"),
                    calls.Count(c => MonitorFacts.Week(c.At) == w),
                    (long)tokens.Where(e => MonitorFacts.Week(e.TimeMs) == w).Sum(e => e.Value ?? 0))));
            }
        }

        return rows;
    }
}
