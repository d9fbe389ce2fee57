using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary><c>--fail-on SEVERITY</c>: whether any unsuppressed finding is at or above the threshold.</summary>
public static class FailOn
{
    /// <summary>Parses a severity name (case-insensitive) or <c>none</c>; null when unknown.</summary>
    public static Severity? Parse(string? text, out bool isNone)
    {
        isNone = string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(text);
        return !isNone && Enum.TryParse<Severity>(text, ignoreCase: true, out var severity) && Enum.IsDefined(severity) ? severity : null;
    }

    public static bool Breaches(IEnumerable<Finding> findings, Severity threshold) => findings.Any(f => f.Severity >= threshold);
}
