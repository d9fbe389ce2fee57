using System.Globalization;
using System.Text;

namespace CcAudit.Core.Mcp.Checks;

/// <summary>What invisible characters a string hides, decoded so a person can read them.</summary>
/// <param name="TagText">Unicode tag characters (U+E0000–U+E007F) decoded to the ASCII they mirror: text a model reads and a person does not see.</param>
/// <param name="Kinds">The kinds found: "tag", "zero-width", "bidi".</param>
/// <param name="Visible">The string with every invisible character replaced by a visible marker such as <c>[U+200B]</c>.</param>
public sealed record InvisibleText(string TagText, IReadOnlyList<string> Kinds, string Visible)
{
    public bool Any => Kinds.Count > 0;

    /// <summary>Scans <paramref name="text"/> for tag, zero-width and bidirectional control characters.</summary>
    public static InvisibleText Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tags = new StringBuilder();
        var visible = new StringBuilder(text.Length);
        var kinds = new SortedSet<string>(StringComparer.Ordinal);
        var runes = text.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            var value = rune.Value;
            var kind = value switch
            {
                // A joiner between two non-ASCII characters is doing its job (emoji sequences such as 👩‍💻, Indic conjuncts); hiding needs ASCII around it.
                0x200D when i > 0 && i < runes.Length - 1 && runes[i - 1].Value > 0x7F && runes[i + 1].Value > 0x7F => null,
                >= 0xE0000 and <= 0xE007F => "tag",
                0x200B or 0x200C or 0x200D or 0x2060 or 0x2061 or 0x2062 or 0x2063 or 0x2064 or 0xFEFF or 0x180E => "zero-width",
                >= 0x202A and <= 0x202E => "bidi",
                >= 0x2066 and <= 0x2069 => "bidi",
                0x200E or 0x200F or 0x061C => "bidi",
                _ => null,
            };
            if (kind is null)
            {
                visible.Append(rune.ToString());
                continue;
            }

            kinds.Add(kind);
            if (kind == "tag" && value is >= 0xE0020 and <= 0xE007E)
            {
                tags.Append((char)(value - 0xE0000));
            }

            visible.Append("[U+").Append(value.ToString("X4", CultureInfo.InvariantCulture)).Append(']');
        }

        return new InvisibleText(tags.ToString(), [.. kinds], visible.ToString());
    }
}
