using CcAudit.Core.Common;

namespace CcAudit.Core.Rules;

/// <summary>Base for configuration rules: metadata and samples as data, plus a helper to make findings that reference the rule.</summary>
public abstract class AuditRule : IAuditRule
{
    public abstract RuleMetadata Metadata { get; }

    public abstract IReadOnlyList<RuleSample> Samples { get; }

    public IReadOnlyList<RuleMetadata> Rules => [Metadata];

    public EvidenceKind Needs => EvidenceKind.Configuration;

    public abstract IEnumerable<Finding> Analyze(RuleContext context);

    protected Finding Found(string message, SourceLocation? location, string? subject, params (string Key, string Value)[] evidence) =>
        new(Metadata, message, location, subject,
            evidence.Length == 0 ? null : evidence.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal));
}
