using System.Text;

namespace CcAudit.Core.Permissions;

/// <summary>
/// A POSIX-shell tokenizer for permission checks: splits a command line on <c>&amp;&amp;</c>, <c>||</c>, <c>;</c>, <c>|</c>,
/// <c>|&amp;</c>, <c>&amp;</c> and newlines into simple commands (subshell parentheses dissolve into their commands), resolves
/// quotes and escapes, collects redirection targets, and flags substitutions and variables. Never throws; an unterminated
/// quote yields a result marked <see cref="ShellParse.Unparsable"/>.
/// </summary>
public static class ShellParser
{
    /// <summary>
    /// Variables the binary treats as known inside double quotes (its tree-sitter walker substitutes a placeholder rather
    /// than giving up); unquoted, only <c>$HOME</c> is resolved, to the home directory.
    /// </summary>
    private static readonly HashSet<string> KnownVariables = new(StringComparer.Ordinal)
    {
        "HOME", "PWD", "OLDPWD", "USER", "LOGNAME", "SHELL", "PATH", "HOSTNAME", "UID", "EUID", "PPID", "RANDOM", "SECONDS", "LINENO", "TMPDIR", "BASH_VERSION", "SHLVL", "HISTFILE", "IFS",
    };

    /// <param name="commandLine">The command as the model sent it.</param>
    /// <param name="home">The home directory <c>$HOME</c> resolves to; without it every variable is unresolvable.</param>
    public static ShellParse Parse(string commandLine, string? home = null)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        var background = false;
        var subshell = false;
        var nested = new List<ShellCommand>();
        var heredocs = new List<(string Delimiter, bool Quoted, bool StripTabs)>();
        var homeUsable = home is not null && !home.Any(ch => ch is ' ' or '\t' or '\n' or '*' or '?' or '[');
        var commands = new List<ShellCommand>();
        var words = new List<string>();
        var targets = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        var substitution = false;
        var variable = false;
        var unparsable = false;
        var danglingRedirect = false;
        string? pendingRedirect = null;
        var i = 0;
        var commandStart = 0;
        var s = commandLine;

        void EndWord()
        {
            if (!inWord)
            {
                return;
            }

            var text = word.ToString();
            if (pendingRedirect is not null)
            {
                if (pendingRedirect != "<" && text != "/dev/null" && !text.StartsWith('&'))
                {
                    targets.Add(text);
                }

                pendingRedirect = null;
            }
            else
            {
                words.Add(text);
            }

            word.Clear();
            inWord = false;
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0 || targets.Count > 0)
            {
                var raw = s[Math.Min(commandStart, Math.Min(i, s.Length))..Math.Min(i, s.Length)].Trim();
                commands.Add(new ShellCommand([.. words], string.Join(' ', words), [.. targets], substitution, variable) { Raw = raw });
            }

            words.Clear();
            targets.Clear();
            substitution = false;
            variable = false;
            danglingRedirect |= pendingRedirect is not null;
            pendingRedirect = null;
        }

        while (i < s.Length)
        {
            var c = s[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 < s.Length && s[i + 1] == '\n')
                    {
                        i += 2;
                        continue;
                    }

                    inWord = true;
                    if (i + 1 < s.Length)
                    {
                        word.Append(s[i + 1]);
                    }

                    i += 2;
                    continue;
                case '\'':
                    inWord = true;
                    var close = s.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        unparsable = true;
                        word.Append(s, i + 1, s.Length - i - 1);
                        i = s.Length;
                        continue;
                    }

                    word.Append(s, i + 1, close - i - 1);
                    i = close + 1;
                    continue;
                case '"':
                    inWord = true;
                    i++;
                    var closed = false;
                    while (i < s.Length)
                    {
                        if (s[i] == '"')
                        {
                            closed = true;
                            i++;
                            break;
                        }

                        if (s[i] == '\\' && i + 1 < s.Length && "\"\\$`\n".Contains(s[i + 1], StringComparison.Ordinal))
                        {
                            word.Append(s[i + 1]);
                            i += 2;
                            continue;
                        }

                        if (s[i] == '`' || (s[i] == '$' && i + 1 < s.Length && s[i + 1] == '('))
                        {
                            substitution = true;
                            AddNested(s[i] == '`' ? Backticked(s, i) : Parenthesised(s, i + 1));
                        }
                        else if (s[i] == '$' && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] is '_' or '{'))
                        {
                            var (name, length) = VariableAt(s, i);
                            if (name == "HOME" && homeUsable)
                            {
                                word.Append(home);
                                i += length;
                                continue;
                            }

                            variable |= !KnownVariables.Contains(name);
                        }

                        word.Append(s[i]);
                        i++;
                    }

                    unparsable |= !closed;
                    continue;
                case '`':
                    substitution = true;
                    AddNested(Backticked(s, i));
                    inWord = true;
                    var tick = s.IndexOf('`', i + 1);
                    word.Append(s, i, tick < 0 ? s.Length - i : tick - i + 1);
                    unparsable |= tick < 0;
                    i = tick < 0 ? s.Length : tick + 1;
                    continue;
                case '$' when i + 1 < s.Length && s[i + 1] == '(':
                    substitution = true;
                    AddNested(Parenthesised(s, i + 1));
                    inWord = true;
                    var end = MatchParen(s, i + 1);
                    word.Append(s, i, (end < 0 ? s.Length : end + 1) - i);
                    unparsable |= end < 0;
                    i = end < 0 ? s.Length : end + 1;
                    continue;
                case '$' when homeUsable && VariableAt(s, i) is ("HOME", var homeLength):
                    inWord = true;
                    word.Append(home);
                    i += homeLength;
                    continue;
                case '$' when i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] is '_' or '{' or '@' or '*' or '#' or '?' or '!' || char.IsDigit(s[i + 1])):
                    variable = true;
                    inWord = true;
                    word.Append(c);
                    i++;
                    continue;
                case '<' or '>' when i + 1 < s.Length && s[i + 1] == '(':
                    substitution = true;
                    AddNested(Parenthesised(s, i + 1));
                    var pend = MatchParen(s, i + 1);
                    unparsable |= pend < 0;
                    i = pend < 0 ? s.Length : pend + 1;
                    continue;
                case '<' when i + 2 < s.Length && s[i + 1] == '<' && s[i + 2] != '<':
                    EndWord();
                    i += 2;
                    var stripTabs = i < s.Length && s[i] == '-';
                    i += stripTabs ? 1 : 0;
                    while (i < s.Length && s[i] is ' ' or '\t')
                    {
                        i++;
                    }

                    var delimiterStart = i;
                    while (i < s.Length && !char.IsWhiteSpace(s[i]) && s[i] is not (';' or '&' or '|' or '<' or '>' or ')'))
                    {
                        i++;
                    }

                    var rawDelimiter = s[delimiterStart..i];
                    var quoted = rawDelimiter.IndexOfAny(['\'', '"', '\\']) >= 0;
                    heredocs.Add((rawDelimiter.Replace("'", "", StringComparison.Ordinal).Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal), quoted, stripTabs));
                    unparsable |= rawDelimiter.Length == 0;
                    continue;
                case '>' or '<':
                    // A digit just before (2>) belongs to the operator, not to the previous word.
                    if (inWord && word.Length == 1 && char.IsDigit(word[0]))
                    {
                        word.Clear();
                        inWord = false;
                    }

                    EndWord();
                    var op = c.ToString();
                    i++;
                    while (i < s.Length && s[i] is '>' or '&' or '|')
                    {
                        op += s[i];
                        i++;
                    }

                    if (op.EndsWith('&') && i < s.Length && char.IsDigit(s[i]))
                    {
                        i++;
                        continue;
                    }

                    pendingRedirect = c == '<' && !op.Contains('>', StringComparison.Ordinal) ? "<" : ">";
                    continue;
                case '&' when i + 1 < s.Length && s[i + 1] == '>':
                    EndWord();
                    i += s.Length > i + 2 && s[i + 2] == '>' ? 3 : 2;
                    pendingRedirect = ">";
                    continue;
                case '\n' when heredocs.Count > 0:
                    // The bodies belong to the command on the line just ended.
                    var afterBodies = SkipHeredocBodies(s, i + 1, heredocs, ref variable, ref unparsable);
                    heredocs.Clear();
                    EndCommand();
                    i = afterBodies;
                    commandStart = i;
                    continue;
                case ';' or '\n' or '&' or '|':
                    EndCommand();
                    background |= c == '&' && (i + 1 >= s.Length || s[i + 1] != '&');
                    i++;

                    while (i < s.Length && s[i] is '&' or '|')
                    {
                        i++;
                    }

                    commandStart = i;
                    continue;
                case ')':
                case '(' or '{' or '}' when !inWord:
                    EndCommand();
                    subshell |= c == '(';
                    i++;
                    commandStart = i;
                    continue;
                case '#' when !inWord:
                    while (i < s.Length && s[i] != '\n')
                    {
                        i++;
                    }

                    continue;
                case ' ' or '\t' or '\r':
                    EndWord();
                    i++;
                    continue;
                default:
                    inWord = true;
                    word.Append(c);
                    i++;
                    continue;
            }
        }

        EndCommand();
        unparsable |= heredocs.Count > 0;
        return new ShellParse(commands, unparsable || danglingRedirect, background, subshell, nested);

        void AddNested(string? inner)
        {
            if (inner is not null && nested.Count < 256)
            {
                var parsed = Parse(inner, home);
                nested.AddRange(parsed.Commands);
                nested.AddRange(parsed.Nested);
            }
        }
    }

    /// <summary>The name of the variable at <paramref name="dollar"/> (<c>$NAME</c> or <c>${NAME}</c>) and how many characters it spans.</summary>
    private static (string Name, int Length) VariableAt(string s, int dollar)
    {
        var braced = dollar + 1 < s.Length && s[dollar + 1] == '{';
        var start = dollar + (braced ? 2 : 1);
        var end = start;
        while (end < s.Length && (char.IsLetterOrDigit(s[end]) || s[end] == '_'))
        {
            end++;
        }

        if (braced && (end >= s.Length || s[end] != '}'))
        {
            // ${HOME:-x} and friends are expansions with operators, not a plain variable.
            return (string.Empty, 0);
        }

        return (s[start..end], end - dollar + (braced ? 1 : 0));
    }

    private static string? Parenthesised(string s, int open)
    {
        var close = MatchParen(s, open);
        return close < 0 ? null : s[(open + 1)..close];
    }

    private static string? Backticked(string s, int tick)
    {
        var close = s.IndexOf('`', tick + 1);
        return close < 0 ? null : s[(tick + 1)..close];
    }

    /// <summary>
    /// Skips the bodies of the here-documents opened on the line just ended.
    /// </summary>
    private static int SkipHeredocBodies(string s, int i, List<(string Delimiter, bool Quoted, bool StripTabs)> heredocs, ref bool variable, ref bool unparsable)
    {
        foreach (var (delimiter, quoted, stripTabs) in heredocs)
        {
            // An unquoted delimiter lets the body expand: the binary does not vouch for what it becomes.
            variable |= !quoted;
            var found = false;
            while (i < s.Length)
            {
                var end = s.IndexOf('\n', i);
                var line = end < 0 ? s[i..] : s[i..end];
                i = end < 0 ? s.Length : end + 1;
                if ((stripTabs ? line.TrimStart('\t') : line) == delimiter)
                {
                    found = true;
                    break;
                }

            }

            unparsable |= !found;
        }

        return i;
    }

    private static int MatchParen(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] == '(')
            {
                depth++;
            }
            else if (s[i] == ')' && --depth == 0)
            {
                return i;
            }
        }

        return -1;
    }
}
