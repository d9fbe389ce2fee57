namespace CcAudit.Core.Rules;

/// <summary>
/// The one spelling of a severity in every output (JSON of every verb, SARIF properties, tables): lower case, as the
/// enum converter of <see cref="Common.AuditJson"/> writes it, so a consumer filters on one string whatever the verb.
/// </summary>
public static class SeverityText
{
    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Low => "low",
        Severity.Medium => "medium",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => severity.ToString().ToLowerInvariant(),
    };
}
