using System.Text.Json.Serialization;
using CcAudit.Core.Common;

namespace CcAudit.Core.Rules;

/// <summary>
/// One thing an auditor should act on. A finding references its rule (id, title, step and texts come from the rule's
/// metadata, never typed again) and carries a primary location plus related, annotated locations. Findings carry no
/// secret values: evidence that names a secret holds its <see cref="RedactedSecret"/> form.
/// </summary>
public sealed record Finding
{
    /// <param name="rule">The rule that found it.</param>
    /// <param name="message">What was found here, in one or two sentences.</param>
    /// <param name="location">The file and position, when the finding is about a file.</param>
    /// <param name="subject">What the finding is about (a rule string, a server name, a directory); part of its identity.</param>
    /// <param name="evidence">Extra facts as key/value pairs, already redacted.</param>
    /// <param name="severity">Severity after a per-finding adjustment; the rule's default when null.</param>
    public Finding(
        RuleMetadata rule, string message, SourceLocation? location = null, string? subject = null,
        IReadOnlyDictionary<string, string>? evidence = null, Severity? severity = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        Rule = rule;
        Severity = severity ?? rule.Severity;
        Message = message;
        Location = location;
        Subject = subject;
        Evidence = evidence;
    }

    /// <summary>Reads a stored finding: its rule is rebuilt from the id, title and step it was stored with.</summary>
    [JsonConstructor]
    public Finding(
        string ruleId, Severity severity, AuditStep step, string title, string message, SourceLocation? location,
        string? subject, IReadOnlyDictionary<string, string>? evidence, IReadOnlyList<RelatedLocation>? related)
        : this(new RuleMetadata(ruleId, title, severity, step, string.Empty, string.Empty), message, location, subject, evidence, severity)
    {
        Related = related ?? [];
    }

    /// <summary>The rule; serialised as its id, title and step.</summary>
    [JsonIgnore]
    public RuleMetadata Rule { get; init; }

    /// <summary>The stable rule id (<c>CCA001</c>…).</summary>
    public string RuleId => Rule.Id;

    /// <summary>Severity after any per-finding adjustment.</summary>
    public Severity Severity { get; init; }

    /// <summary>The audit step this belongs to (the rule's).</summary>
    public AuditStep Step => Rule.Step;

    /// <summary>The rule's title.</summary>
    public string Title => Rule.Title;

    public string Message { get; init; }

    public SourceLocation? Location { get; init; }

    public string? Subject { get; init; }

    public IReadOnlyDictionary<string, string>? Evidence { get; init; }

    /// <summary>Other places that explain the finding (the deny rule that shadows an allow), each with what it is.</summary>
    public IReadOnlyList<RelatedLocation> Related { get; init; } = [];

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

/// <summary>A secondary location of a finding and what it is there (SARIF <c>relatedLocations</c>).</summary>
public sealed record RelatedLocation(SourceLocation Location, string Message)
{
    public override string ToString() => $"{Location} ({Message})";
}
