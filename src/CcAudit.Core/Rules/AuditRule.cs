using CcAudit.Core.Common;

namespace CcAudit.Core.Rules;

/// <summary>Base for catalog rules: metadata and samples as data, plus a helper to make findings that carry them.</summary>
public abstract class AuditRule : IAuditRule
{
    public abstract RuleMetadata Metadata { get; }

    public abstract IReadOnlyList<RuleSample> Samples { get; }

    public abstract IEnumerable<Finding> Evaluate(RuleContext context);

    protected Finding Found(string message, SourceLocation? location, string? subject, params (string Key, string Value)[] evidence) =>
        new(Metadata.Id, Metadata.Severity, Metadata.Step, Metadata.Title, message, location, subject,
            evidence.Length == 0 ? null : evidence.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
}
