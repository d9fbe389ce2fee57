namespace CcAudit.Core.Rules;

/// <summary>Runs rules over a context; findings seen from several launch directories are reported once.</summary>
public static class RuleEngine
{
    public static IReadOnlyList<Finding> Evaluate(IEnumerable<IAnalyzer<RuleContext>> rules, RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(context);
        return rules
            .SelectMany(rule => rule.Analyze(context))
            .DistinctBy(f => f.Fingerprint)
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Location?.Line ?? 0)
            .ToList();
    }
}
