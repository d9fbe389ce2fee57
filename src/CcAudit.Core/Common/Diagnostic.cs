namespace CcAudit.Core.Common;

/// <summary>How much a diagnostic limits what the audit could see.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; nothing was missed.</summary>
    Info,

    /// <summary>Read, but Claude Code may see it differently (lenient JSON, unknown keys, wrong types dropped).</summary>
    Warning,

    /// <summary>Not read at all: the audit is blind to this place.</summary>
    Error,
}

/// <summary>
/// A problem met while reading input. Bad input is a value, never an exception: every parser returns its
/// result together with these, and reports list them under "what the scan could not see".
/// </summary>
/// <param name="Severity">How much this limits the audit.</param>
/// <param name="Code">Stable code from <see cref="DiagnosticCodes"/>.</param>
/// <param name="Message">One sentence a person can act on.</param>
/// <param name="Location">The file (and position) concerned, when there is one.</param>
public sealed record Diagnostic(DiagnosticSeverity Severity, string Code, string Message, SourceLocation? Location = null)
{
    public static Diagnostic Error(string code, string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Error, code, message, location);

    public static Diagnostic Warning(string code, string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Warning, code, message, location);

    public static Diagnostic Info(string code, string message, SourceLocation? location = null) =>
        new(DiagnosticSeverity.Info, code, message, location);

    public override string ToString() =>
        Location is null ? $"{Severity.ToString().ToUpperInvariant()} {Code}: {Message}" : $"{Location}: {Severity.ToString().ToUpperInvariant()} {Code}: {Message}";
}
