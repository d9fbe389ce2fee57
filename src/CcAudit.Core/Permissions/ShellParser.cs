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
    public static ShellParse Parse(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
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
                commands.Add(new ShellCommand([.. words], string.Join(' ', words), [.. targets], substitution, variable));
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
                        }
                        else if (s[i] == '$' && i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] is '_' or '{'))
                        {
                            variable = true;
                        }

                        word.Append(s[i]);
                        i++;
                    }

                    unparsable |= !closed;
                    continue;
                case '`':
                    substitution = true;
                    inWord = true;
                    var tick = s.IndexOf('`', i + 1);
                    word.Append(s, i, tick < 0 ? s.Length - i : tick - i + 1);
                    unparsable |= tick < 0;
                    i = tick < 0 ? s.Length : tick + 1;
                    continue;
                case '$' when i + 1 < s.Length && s[i + 1] == '(':
                    substitution = true;
                    inWord = true;
                    var end = MatchParen(s, i + 1);
                    word.Append(s, i, (end < 0 ? s.Length : end + 1) - i);
                    unparsable |= end < 0;
                    i = end < 0 ? s.Length : end + 1;
                    continue;
                case '$' when i + 1 < s.Length && (char.IsLetter(s[i + 1]) || s[i + 1] is '_' or '{' or '@' or '*' or '#' or '?' or '!' || char.IsDigit(s[i + 1])):
                    variable = true;
                    inWord = true;
                    word.Append(c);
                    i++;
                    continue;
                case '<' or '>' when i + 1 < s.Length && s[i + 1] == '(':
                    substitution = true;
                    var pend = MatchParen(s, i + 1);
                    unparsable |= pend < 0;
                    i = pend < 0 ? s.Length : pend + 1;
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
                case ';' or '\n' or '&' or '|':
                    EndCommand();
                    i++;
                    while (i < s.Length && s[i] is '&' or '|')
                    {
                        i++;
                    }

                    continue;
                case ')':
                case '(' or '{' or '}' when !inWord:
                    EndCommand();
                    i++;
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
        return new ShellParse(commands, unparsable || danglingRedirect);
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
