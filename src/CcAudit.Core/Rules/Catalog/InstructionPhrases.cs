using System.Text.RegularExpressions;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>
/// Plain-language instructions in committed CLAUDE.md, rules, agents, skills and commands that take the user out of the
/// loop: skip confirmation, keep something from the user, override earlier instructions, or pose as a system message.
/// A guard is not an instruction: a phrase quoted as an example, a line that says to treat such text as an attack, a
/// negated "without asking" ("never push without asking for confirmation"), and code blocks are not flagged.
/// </summary>
internal static partial class InstructionPhrases
{
    /// <summary>Each line (1-based) that instructs the agent so, with what kind of instruction it is.</summary>
    public static IEnumerable<(int Line, string Kind, string Text)> Scan(string text)
    {
        var lines = text.Split('\n');
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }

            if (fenced)
            {
                continue;
            }

            if (FakeSystem().IsMatch(line))
            {
                yield return (i + 1, "poses as a system message", line.Trim());
                continue;
            }

            if (Guard().IsMatch(line) || OptionDoc().IsMatch(line))
            {
                continue;
            }

            var bare = Quoted().Replace(line, "\"\"");
            if (Kind(bare) is { } kind)
            {
                yield return (i + 1, kind, line.Trim());
            }
        }
    }

    private static string? Kind(string line)
    {
        if (SkipConfirmation().IsMatch(line) || (Without().Match(line) is { Success: true } without && !Negated(line[..without.Index])))
        {
            return "tells the agent not to ask for confirmation";
        }

        if (Conceal().IsMatch(line))
        {
            return "tells the agent to keep something from the user";
        }

        return Override().IsMatch(line) ? "tells the agent to ignore its other instructions" : null;
    }

    /// <summary>"Never delete without asking for confirmation" is a guard: the clause before "without" is negated.</summary>
    private static bool Negated(string before) => Negation().IsMatch(before[(before.LastIndexOfAny(['.', ';', '!', '?']) + 1)..]);

    [GeneratedRegex(@"\b(?:never|don'?t|do\s+not|no\s+need\s+to|stop)\s+(?:ask|prompt|wait|check\s+with)(?:ing)?\s+(?:the\s+user\s+|me\s+)?(?:for\s+)?(?:any\s+)?(?:confirmation|permission|approval|consent)",
        RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SkipConfirmation();

    [GeneratedRegex(@"\bwithout\s+(?:asking|prompting|waiting|checking)\s+(?:the\s+user\s+|me\s+)?(?:for\s+)?(?:any\s+)?(?:confirmation|permission|approval|consent)",
        RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Without();

    [GeneratedRegex(@"\b(?:never|not|don'?t|must\s+not|avoid|no)\b", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?:(?:never|don'?t|do\s+not)\s+(?:tell|inform|notify|alert|warn|show)\s+the\s+user\b(?!\s+(?:to|until|unless)\b)|(?:never|don'?t|do\s+not)\s+mention\s+(?:this|it|that|these|anything)\s+to\s+the\s+user|without\s+(?:telling|informing|notifying|alerting)\s+the\s+user|(?:hide|conceal|keep)\s+(?:this|it|these|that|them|the\s+\w+)\s+(?:secret\s+|hidden\s+)?from\s+the\s+user)",
        RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Conceal();

    [GeneratedRegex(@"\b(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?(?:the\s+)?(?:previous|prior|above|earlier|other|system)\s+(?:instructions|rules|prompts?|guidelines)",
        RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Override();

    /// <summary>An upper-case SYSTEM marker opening a line or an HTML comment (which a rendered Markdown view hides).</summary>
    [GeneratedRegex(@"^\s*(?:>\s*)?(?:<!--\s*)?(?:\[SYSTEM\]|SYSTEM\s*:|<system>|<\|system\|>|###\s*SYSTEM\b)|<!--\s*(?:system|assistant|instructions?)\s*:", RegexOptions.None, 1000)]
    private static partial Regex FakeSystem();

    /// <summary>A line about such text rather than one giving it: treat as data, injection, attack, refuse, report, example.</summary>
    [GeneratedRegex(@"\b(?:treat(?:ed)?\s+(?:it\s+|them\s+|this\s+)?as|injection|attack|malicious|suspicious|manipulat\w*|refuse|reject|report|red\s+flag|phishing|if\s+(?:a|the|any)?\s*(?:text|content|file|page|input|message|tool\s+output)\s+(?:contains|says|asks))",
        RegexOptions.IgnoreCase, 1000)]
    private static partial Regex Guard();

    /// <summary>Quoted text: double, curly and back quotes, and single quotes that open a word (not an apostrophe).</summary>
    /// <summary>A line documenting a command-line option (<c>| `--force` | Do not prompt for confirmation |</c>).</summary>
    [GeneratedRegex(@"`-{1,2}[\w][\w-]*(?:[= ][^`]*)?`", RegexOptions.None, 1000)]
    private static partial Regex OptionDoc();

    [GeneratedRegex(@"""[^""]*""|“[^”]*”|`[^`]*`|(?<!\w)'[^'\n]+'(?!\w)", RegexOptions.None, 1000)]
    private static partial Regex Quoted();
}
