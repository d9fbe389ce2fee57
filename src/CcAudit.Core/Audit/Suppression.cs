using CcAudit.Core.Common;

namespace CcAudit.Core.Audit;

/// <summary>One accepted risk: which findings it hides, why, and until when.</summary>
/// <param name="Rule">The rule id it applies to.</param>
/// <param name="PathGlob">Optional glob on the finding's file (<c>**</c>, <c>*</c>, <c>?</c>); relative globs match at any depth.</param>
/// <param name="Subject">Optional exact finding subject (a rule string, a server name…).</param>
/// <param name="Fingerprint">Optional finding fingerprint (from JSON/SARIF output).</param>
/// <param name="Reason">Required: why the risk is accepted.</param>
/// <param name="Expires">Required: the day after which the suppression stops applying and becomes a finding itself.</param>
/// <param name="Location">Where the suppression is written.</param>
public sealed record Suppression(string Rule, string? PathGlob, string? Subject, string? Fingerprint, string Reason, DateOnly Expires, SourceLocation Location);
