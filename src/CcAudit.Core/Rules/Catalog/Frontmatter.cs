namespace CcAudit.Core.Rules.Catalog;

/// <summary>
/// The YAML frontmatter fields of an agent, skill or command file, enough for the flat keys the rules read: a scalar, an
/// inline list (<c>a, b</c> or <c>[a, b]</c>) or a block list of <c>- item</c> lines. Nested maps are skipped, not parsed.
/// </summary>
internal static class Frontmatter
{
    /// <summary>The values of <paramref name="key"/> with the 1-based line of the key, or null when the file sets no such field.</summary>
    public static (IReadOnlyList<string> Values, int Line)? Field(string text, string key)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r', ' ') != "---")
        {
            return null;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.TrimEnd() == "---")
            {
                return null;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || line[0] is ' ' or '\t' || line[..colon].Trim() != key)
            {
                continue;
            }

            var inline = line[(colon + 1)..].Trim();
            var values = inline.Length > 0 ? SplitInline(inline) : BlockList(lines, i + 1);
            return (values, i + 1);
        }

        return null;
    }

    private static List<string> SplitInline(string value) => [.. SplitOutsideParens(Unquote(value).TrimStart('[').TrimEnd(']'))];

    // "Bash(git add:*), Read" must not split inside the parentheses of a rule.
    private static IEnumerable<string> SplitOutsideParens(string value)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i == value.Length || (value[i] == ',' && depth == 0))
            {
                if (Unquote(value[start..i]) is { Length: > 0 } item)
                {
                    yield return item;
                }

                start = i + 1;
            }
            else if (value[i] == '(')
            {
                depth++;
            }
            else if (value[i] == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
        }
    }

    private static List<string> BlockList(string[] lines, int from)
    {
        var items = new List<string>();
        for (var i = from; i < lines.Length && lines[i].TrimStart() is var item && item.StartsWith('-') && !item.StartsWith("---", StringComparison.Ordinal); i++)
        {
            items.Add(Unquote(item[1..].TrimEnd('\r')));
        }

        return items;
    }

    private static string Unquote(string value) => value.Trim().Trim('"', '\'').Trim();
}
