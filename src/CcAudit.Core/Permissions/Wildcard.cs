namespace CcAudit.Core.Permissions;

/// <summary>
/// Matches permission-rule wildcards (<c>*</c> is any text) without a regex: time is bounded by pattern length times
/// text length whatever the pattern, so a rule such as <c>Bash(* * * … x)</c> can never stall or time out an evaluation.
/// </summary>
internal static class Wildcard
{
    /// <summary>Whether <paramref name="pattern"/> matches all of <paramref name="text"/>; <c>*</c> matches any run of characters.</summary>
    public static bool Matches(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        // Greedy with one backtrack point, the last star: a later star can absorb whatever an earlier one would have.
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (p < pattern.Length && pattern[p] == text[t])
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>As <see cref="Matches(ReadOnlySpan{char}, ReadOnlySpan{char})"/>, but no <c>*</c> crosses a <paramref name="separator"/>.</summary>
    public static bool MatchesWithin(string pattern, string text, char separator)
    {
        var patternParts = pattern.Split(separator);
        var textParts = text.Split(separator);
        if (patternParts.Length != textParts.Length)
        {
            return false;
        }

        for (var i = 0; i < patternParts.Length; i++)
        {
            if (!Matches(patternParts[i], textParts[i]))
            {
                return false;
            }
        }

        return true;
    }
}
