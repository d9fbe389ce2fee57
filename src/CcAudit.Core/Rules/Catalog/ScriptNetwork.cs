using System.Text.RegularExpressions;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>
/// Which line of a script really reaches the network. A guard names curl or wget as a pattern it looks for (<c>grep -E
/// 'curl|wget'</c>, <c>case "$cmd" in *curl*)</c>, <c>if "curl" in command:</c>, a block list); a sender runs the
/// program or calls an HTTP or socket API. Only senders count, and the first one is the line a finding quotes.
/// </summary>
internal static partial class ScriptNetwork
{
    /// <summary>The first sender line (0-based) and its text, or null when the script only names network tools as patterns.</summary>
    public static (int Line, string Text)? FirstSender(string script)
    {
        var lines = script.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (IsSender(lines[i]))
            {
                return (i, lines[i].Trim());
            }
        }

        return null;
    }

    public static bool IsSender(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.StartsWith('#') || trimmed.StartsWith("//", StringComparison.Ordinal) || CasePattern().IsMatch(trimmed) || Import().IsMatch(trimmed))
        {
            return false;
        }

        // A subprocess argument list (["curl", ...]) runs the program even though the name is quoted.
        if (ArgvSender().IsMatch(line) || ApiSender().IsMatch(line))
        {
            return true;
        }

        var unquoted = Quoted().Replace(line, "''");
        return CommandSender().IsMatch(unquoted) && !GuardCommand().IsMatch(unquoted);
    }

    /// <summary>A network program in command position: line start, after a pipe, ;, &amp;&amp;, $( or a keyword that runs it.</summary>
    [GeneratedRegex(@"(?:^|[|;&(`]|\$\(|\b(?:then|do|else|exec|sudo|command|env|xargs|time|nohup)\s)\s*(?:[\w./-]*/)?(?:curl|wget|nc|ncat|netcat|socat|ssh|scp|rsync|telnet|ftp|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b",
        RegexOptions.None, 1000)]
    private static partial Regex CommandSender();

    [GeneratedRegex(@"(?:subprocess\.\w+|Popen|check_output|check_call|spawn(?:Sync)?|execFile(?:Sync)?|execa|exec(?:Sync)?|os\.exec\w*|system)\(\s*\[?\s*[""'](?:curl|wget|nc|ncat|socat|ssh|scp)\b",
        RegexOptions.None, 1000)]
    private static partial Regex ArgvSender();

    [GeneratedRegex(@"\b(?:requests\.(?:get|post|put|patch|request)|urllib\.request|urlopen|http\.client|httpx\.(?:get|post|Client|AsyncClient)|aiohttp\.ClientSession|socket\.(?:create_connection|socket)|(?<![\w.])fetch\(|axios(?:\.\w+)?\(|XMLHttpRequest|https?\.request\(|net\.connect\(|WebClient|HttpClient|Net\.Http)",
        RegexOptions.None, 1000)]
    private static partial Regex ApiSender();

    /// <summary>The line tests text for a pattern: grep, a regex match, a [[ =~ ]] test.</summary>
    [GeneratedRegex(@"(?:^|[|;&(]\s*|\bif\s+)(?:grep|egrep|fgrep|rg|sed|awk|jq)\b|=~|\bre\.(?:search|match|compile)\b", RegexOptions.None, 1000)]
    private static partial Regex GuardCommand();

    /// <summary>A case-statement pattern line: <c>*curl*|*wget*)</c>.</summary>
    [GeneratedRegex(@"^[^()\s]*\*?(?:curl|wget|nc)\b[^()]*\)", RegexOptions.None, 1000)]
    private static partial Regex CasePattern();

    /// <summary>Quoted text that runs nothing: single quotes, and double quotes without a command substitution.</summary>
    /// <summary>An import names a network module without using it.</summary>
    [GeneratedRegex(@"^(?:import|from)\s|^(?:const|let|var)\s+\w+\s*=\s*require\(|^using\s", RegexOptions.None, 1000)]
    private static partial Regex Import();

    [GeneratedRegex(@"'[^']*'|""(?:[^""\\$`]|\\.)*""", RegexOptions.None, 1000)]
    private static partial Regex Quoted();
}
