namespace CcAudit.Core.Permissions;

/// <summary>
/// A Bash rule specifier compiled once: <c>*</c> is any text (newlines included) and a trailing <c> *</c> also matches
/// nothing, so <c>git push *</c> matches <c>git push</c> and <c>git push origin</c> but not <c>git pushx</c>. The same
/// language as the regular expression <c>^body( .*)?$</c>, matched without one: decisions run millions of times.
/// </summary>
public sealed class BashGlob
{
    private readonly string[] _parts;
    private readonly bool _trailing;
    private readonly bool _any;

    private BashGlob(string? pattern)
    {
        _any = pattern is null or "" or "*" or " *";
        _trailing = !_any && pattern!.EndsWith(" *", StringComparison.Ordinal);
        _parts = _any ? [] : (_trailing ? pattern![..^2] : pattern!).Split('*');
    }

    /// <summary>The compiled form of a specifier (null, empty and <c>*</c> match everything).</summary>
    public static BashGlob Compile(string? pattern) => new(pattern);

    public bool Matches(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_any || Whole(text))
        {
            return true;
        }

        if (!_trailing)
        {
            return false;
        }

        var minimum = _parts[0].Length;
        if (minimum > text.Length)
        {
            return false;
        }

        for (var i = text.IndexOf(' ', minimum); i >= 0; i = text.IndexOf(' ', i + 1))
        {
            if (Whole(text.AsSpan(0, i)))
            {
                return true;
            }
        }

        return false;
    }

    private bool Whole(ReadOnlySpan<char> text)
    {
        if (_parts.Length == 1)
        {
            return text.SequenceEqual(_parts[0]);
        }

        var first = _parts[0];
        var last = _parts[^1];
        if (text.Length < first.Length + last.Length || !text.StartsWith(first, StringComparison.Ordinal) || !text.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // Leftmost placement of each middle part is optimal when the only wildcard is '*'.
        var rest = text[first.Length..^last.Length];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = rest.IndexOf(_parts[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + _parts[i].Length)..];
        }

        return true;
    }
}
