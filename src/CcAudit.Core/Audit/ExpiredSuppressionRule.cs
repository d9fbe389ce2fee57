using System.Globalization;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>What the expiry rule reads: every suppression of the audit, and the day it runs.</summary>
public sealed record SuppressionEvidence(IReadOnlyList<Suppression> Entries, DateOnly Today);

/// <summary>CCA901: a suppression past its expiry date hides nothing and is a finding itself.</summary>
public sealed class ExpiredSuppressionRule : IAnalyzer<SuppressionEvidence>
{
    public const string Id = "CCA901";

    public static RuleMetadata Metadata { get; } = new(Id, "Suppression has expired", Severity.Medium, AuditStep.Document,
        "An accepted risk had an end date. Past it, the finding it hid is reported again and the stale suppression is flagged " +
        "so the decision is made anew.",
        "Fix the finding, or renew the suppression with a new reason and expiry date.");

    /// <summary>The one instance, registered in the analyzer registry (declared after the static lists it reads).</summary>
    public static ExpiredSuppressionRule Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules { get; } = [Metadata];

    public EvidenceKind Needs => EvidenceKind.Suppressions;

    public IEnumerable<Finding> Analyze(SuppressionEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return evidence.Entries.Where(s => s.Expires < evidence.Today).Select(s => new Finding(Metadata,
            string.Create(CultureInfo.InvariantCulture,
                $"suppression of {s.Rule} expired on {s.Expires:yyyy-MM-dd} (reason was: {s.Reason})"),
            s.Location, $"{s.Rule}:{s.PathGlob}:{s.Subject}:{s.Fingerprint}"));
    }
}
