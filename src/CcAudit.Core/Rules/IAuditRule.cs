namespace CcAudit.Core.Rules;

/// <summary>
/// One configuration rule: metadata, an analysis over a read-only <see cref="RuleContext"/> (no I/O), and samples that
/// must and must not match; the test suite runs every sample.
/// </summary>
public interface IAuditRule : IAnalyzer<RuleContext>
{
    RuleMetadata Metadata { get; }

    IReadOnlyList<RuleSample> Samples { get; }
}
