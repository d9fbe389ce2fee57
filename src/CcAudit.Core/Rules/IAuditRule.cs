namespace CcAudit.Core.Rules;

/// <summary>
/// One audit rule: metadata, an evaluation over a read-only <see cref="RuleContext"/> (no I/O), and samples that must and
/// must not match; the test suite runs every sample.
/// </summary>
public interface IAuditRule
{
    RuleMetadata Metadata { get; }

    IReadOnlyList<RuleSample> Samples { get; }

    IEnumerable<Finding> Evaluate(RuleContext context);
}
