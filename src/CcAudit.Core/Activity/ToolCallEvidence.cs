using System.Text.RegularExpressions;

namespace CcAudit.Core.Activity;

/// <summary>What a tool call did that an auditor must see: data sent out, a secret read, a destructive command.</summary>
public enum ToolCallEvidenceKind
{
    Exfiltration,
    SecretRead,
    Destructive,
}

/// <summary>Whether the call ran, as its <c>tool_result</c> says.</summary>
public enum ToolCallOutcome
{
    /// <summary>Allowed (by a rule, a mode, a hook or a person) and executed; without a decision, a result that is no error.</summary>
    Ran,

    /// <summary>Denied, rejected by a person, auto-rejected (no approver), interrupted, or an error saying it never ran.</summary>
    Blocked,

    /// <summary>An error result without a decision or a rejection: it may have failed while running, or never started.</summary>
    Unconfirmed,

    /// <summary>No result in the transcript (session ended, file truncated): nothing says it ran.</summary>
    NoResult,
}

/// <summary>
/// One tool call of a transcript that matches an <see cref="ToolCallEvidenceKind"/>, with where it is (<paramref name="Transcript"/>
/// line <paramref name="Line"/>, result at <paramref name="ResultLine"/>) and what let it through (<paramref name="Authority"/>:
/// the decision's source, reason type and code as Claude Code wrote them). <paramref name="Subject"/> is the normalised,
/// redacted command or the file path. Never holds a secret value.
/// </summary>
public sealed record ToolCallEvidence(
    ToolCallEvidenceKind Kind, string Tool, string Subject, string? Session, string LaunchDirectory, string Transcript, int Line,
    int? ResultLine,
    ToolCallOutcome Outcome, string? Authority, IReadOnlyList<string> Categories, DateTimeOffset? At);

/// <summary>
/// Which evidence kinds one tool call is, from its command class or file: shared by the transcript findings (CCA494–496)
/// and the telemetry ones (CCA491–493), so both sources judge a call the same way.
/// </summary>
public static partial class EvidenceClassifier
{
    /// <summary>The kinds of a call: a Bash command's categories and text, or a Read's file.</summary>
    public static IEnumerable<ToolCallEvidenceKind> Kinds(string tool, IReadOnlyList<string> categories, string? command, string? filePath)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(categories);
        var exfiltration = categories.Contains(CommandClassifier.Network)
            && (categories.Contains(CommandClassifier.Credentials) || Uploads(command));
        if (exfiltration)
        {
            yield return ToolCallEvidenceKind.Exfiltration;
        }

        // A command that sends a secret out is reported once, as exfiltration: its finding says what it read.
        if (!exfiltration && (categories.Contains(CommandClassifier.Credentials)
            || tool is "Read" or "NotebookRead" && filePath is not null && CommandClassifier.SensitiveKindOf(filePath) is not null))
        {
            yield return ToolCallEvidenceKind.SecretRead;
        }

        // rm -rf inside the working directories is routine (build output, node_modules); outside them, or any other
        // destructive class, is not.
        var outside = categories.Contains(CommandClassifier.WriteOutside);
        if (categories.Contains(CommandClassifier.Destructive) && (!OnlyRemoves(command) || outside))
        {
            yield return ToolCallEvidenceKind.Destructive;
        }
    }

    /// <summary>
    /// True when the command uploads: a file or form body, a copy to a remote host, a pipe or redirect into a raw socket,
    /// a push to a URL.
    /// </summary>
    public static bool Uploads(string? command) => Matches(UploadPattern(), command);

    private static bool OnlyRemoves(string? command) => Matches(RemoveOnly(), command);

    // Commands come from transcripts anyone can write: a budget per match, and a timeout is "no", never a crash.
    private static bool Matches(Regex pattern, string? command)
    {
        try
        {
            return command is { Length: < 1 << 16 } && pattern.IsMatch(command);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    [GeneratedRegex("""
        (?:^|\s)(?:-d|--data|--data-binary|--data-raw|--data-urlencode|--json)(?:\s+|=)['"]?@
        |(?:^|\s)(?:--data-binary|--upload-file|-T|-F|--form|--post-file|--body-file)(?:\s|=)
        |(?:^|[;&|]\s*)(?:scp|rsync|sftp)\s[^;&|]*\s[^\s;&|]*[A-Za-z0-9.-]:[^\s;&|]*\s*(?:$|[;&|])
        |\|\s*(?:sudo\s+)?(?:nc|ncat|netcat|socat|telnet)\s
        |(?:^|[;&|]\s*)(?:nc|ncat|netcat|socat)\s[^;&|]*<
        |(?:^|[;&|]\s*)git\s(?:[^;&|]*\s)?push\s[^;&|]*(?:https?://|ssh://|git@|file://)
        """, RegexOptions.IgnorePatternWhitespace, 1000)]
    private static partial Regex UploadPattern();

    [GeneratedRegex(@"^rm\s[^;&|`$]*$", RegexOptions.None, 1000)]
    private static partial Regex RemoveOnly();
}
