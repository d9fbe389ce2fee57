using CcAudit.Core.Common;

namespace CcAudit.Core.Rules;

/// <summary>
/// One thing an auditor should act on. Findings carry no secret values: evidence that names a secret holds its
/// <see cref="RedactedSecret"/> form.
/// </summary>
/// <param name="RuleId">The stable rule id (<c>CCA001</c>…).</param>
/// <param name="Severity">Severity after any per-finding adjustment.</param>
/// <param name="Step">The audit step this belongs to.</param>
/// <param name="Title">The rule's title.</param>
/// <param name="Message">What was found here, in one or two sentences.</param>
/// <param name="Location">The file and position, when the finding is about a file.</param>
/// <param name="Subject">What the finding is about (a rule string, a server name, a directory); part of its identity.</param>
/// <param name="Evidence">Extra facts as key/value pairs, already redacted.</param>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    AuditStep Step,
    string Title,
    string Message,
    SourceLocation? Location = null,
    string? Subject = null,
    IReadOnlyDictionary<string, string>? Evidence = null)
{
    /// <summary>
    /// A stable identity across audits: the rule, the file, the setting and the subject, not the line or the position in
    /// an array (both move when a file is rewritten or a rule is inserted above). Array positions only count when the
    /// finding has no subject to tell its instances apart.
    /// </summary>
    public string Fingerprint => Redaction.Fingerprint($"{RuleId}\u001f{Location?.Path}\u001f{StablePointer}\u001f{Subject}");

    private string? StablePointer => Subject is null || Location?.JsonPointer is not { } pointer
        ? Location?.JsonPointer
        : string.Join('/', pointer.Split('/').Select(part => part.Length > 0 && part.All(char.IsAsciiDigit) ? "*" : part));
}
