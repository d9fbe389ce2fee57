namespace CcAudit.Core.Rules;

/// <summary>Runs rules over a context; findings seen from several launch directories are reported once.</summary>
public static class RuleEngine
{
    public static IReadOnlyList<Finding> Evaluate(IEnumerable<IAnalyzer<RuleContext>> rules, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(context);
        return Order(rules.SelectMany(rule => rule.Analyze(context)).DistinctBy(f => f.Fingerprint));
    }

    /// <summary>
    /// The one finding order of every report (scan, check, stored snapshots): most severe first, then rule id, file and
    /// line, so the same findings read the same whichever verb produced them.
    /// </summary>
    public static IReadOnlyList<Finding> Order(IEnumerable<Finding> findings) =>
        [.. findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Line ?? 0)];
}
