using System.Globalization;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Monitoring;

/// <summary>A row of the decisions table: tool calls grouped by tool, command, decision and its source.</summary>
public sealed record DecisionRow(string Tool, string Command, string Decision, string Source, int Count, int Ran, int Sessions, string Categories);

/// <summary>Totals of one user, team, host or launch directory.</summary>
public sealed record GroupTotals(string Dimension, string Value, int Sessions, int Prompts, int Accepted, int Rejected, long InputTokens, long OutputTokens, long CacheReadTokens, double CostUsd);

/// <summary>What <c>monitor report</c> writes (and the dashboard shows): the period's telemetry, its baselines and its findings.</summary>
public sealed record MonitorReport(
    string Tool,
    DateTimeOffset GeneratedAt,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    int Events,
    IReadOnlyList<MonitorSession> Sessions,
    IReadOnlyList<DecisionRow> Decisions,
    IReadOnlyList<GroupTotals> Groups,
    IReadOnlyList<MonitorWeek> Baselines,
    IReadOnlyList<Finding> Findings);

/// <summary>Builds the report from the facts: every table from the same calls and events, findings from <see cref="MonitorRuleCatalog"/>.</summary>
public static class MonitorReportBuilder
{
    public static MonitorReport Build(MonitorFacts facts, string tool, DateTimeOffset generatedAt, DateTimeOffset? since, DateTimeOffset? until)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var decisions = facts.Calls
            .GroupBy(c => (c.Tool, Command: c.Command ?? c.FilePath ?? string.Empty, c.Decision, c.DecisionSource))
            .Select(g => new DecisionRow(g.Key.Tool, g.Key.Command, g.Key.Decision, g.Key.DecisionSource, g.Count(), g.Count(c => c.Ran), g.Select(c => c.Session).Distinct().Count(),
                string.Join(" ", g.First().Categories)))
            .OrderByDescending(d => d.Categories.Length > 0).ThenByDescending(d => d.Count).ThenBy(d => d.Command, StringComparer.Ordinal).ToList();
        var findings = MonitorRuleCatalog.Evaluate(facts).OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Subject, StringComparer.Ordinal).ToList();
        return new MonitorReport(tool, generatedAt, since, until, facts.Events.Count, [.. facts.Sessions.Values.OrderBy(s => s.First)], decisions, Groups(facts),
            MonitorBaselines.Build(facts), findings);
    }

    private static List<GroupTotals> Groups(MonitorFacts facts)
    {
        var rows = new List<GroupTotals>();
        foreach (var (dimension, key) in new (string, Func<MonitorSession, string>)[] { ("user", s => s.User), ("team", s => s.Team), ("host", s => s.Host), ("launch directory", s => s.LaunchDirectory) })
        {
            foreach (var group in facts.Sessions.Values.GroupBy(key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var ids = group.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
                var events = facts.Events.Where(e => e.SessionId is not null && ids.Contains(e.SessionId)).ToList();
                var calls = facts.Calls.Where(c => ids.Contains(c.Session)).ToList();
                // api_request events carry each request's tokens and cost; the metrics say the same in aggregate, so one source is summed.
                var requests = events.Where(e => e.Name == "api_request").ToList();
                rows.Add(new GroupTotals(dimension, group.Key, ids.Count, events.Count(e => e.Name == "user_prompt"),
                    calls.Count(c => c.Decision == "accept"), calls.Count(c => c.Decision == "reject"),
                    requests.Sum(e => Long(e.Attribute("input_tokens"))), requests.Sum(e => Long(e.Attribute("output_tokens"))), requests.Sum(e => Long(e.Attribute("cache_read_tokens"))),
                    requests.Sum(e => double.TryParse(e.Attribute("cost_usd"), NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : 0)));
            }
        }

        return rows;
    }

    private static long Long(string? text) => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}
