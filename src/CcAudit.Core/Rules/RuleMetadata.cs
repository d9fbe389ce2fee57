namespace CcAudit.Core.Rules;

/// <summary>What a rule is: its stable id, default severity, audit step and the texts reports show.</summary>
/// <param name="Id">Stable id, <c>CCA001</c>…; never reused.</param>
/// <param name="Title">One line.</param>
/// <param name="Severity">Default severity.</param>
/// <param name="Step">The audit step (1–7) it belongs to.</param>
/// <param name="Rationale">Why it matters, with the Claude Code behaviour behind it.</param>
/// <param name="Remediation">What to change.</param>
public sealed record RuleMetadata(string Id, string Title, Severity Severity, AuditStep Step, string Rationale, string Remediation)
{
    public string HelpUri => $"https://github.com/ccaudit/ccaudit/blob/main/docs/rules.md#{Id.ToLowerInvariant()}";
}
