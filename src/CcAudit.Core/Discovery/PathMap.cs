namespace CcAudit.Core.Discovery;

/// <summary>
/// Maps absolute paths recorded on one machine (in ~/.claude.json, transcripts, history) to where the files are now,
/// for forensic copies: <c>--path-map /home/alice=/evidence/alice</c>. Longest prefix wins.
/// </summary>
public sealed class PathMap
{
    private readonly List<(string From, string To)> _maps;

    public PathMap(IEnumerable<(string From, string To)> maps)
    {
        _maps = [.. maps.Select(m => (Trim(m.From), Trim(m.To))).OrderByDescending(m => m.Item1.Length)];
    }

    public static PathMap None { get; } = new([]);

    public bool IsEmpty => _maps.Count == 0;

    /// <summary>Parses <c>FROM=TO</c>; null when the text has no '=' or an empty side.</summary>
    public static (string From, string To)? ParseEntry(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var split = text.IndexOf('=', StringComparison.Ordinal);
        return split <= 0 || split == text.Length - 1 ? null : (text[..split], text[(split + 1)..]);
    }

    /// <summary>The current location of a recorded path (unchanged when no prefix applies).</summary>
    public string Apply(string recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        foreach (var (from, to) in _maps)
        {
            if (recorded == from)
            {
                return to;
            }

            if (recorded.StartsWith(from + "/", StringComparison.Ordinal))
            {
                return to + recorded[from.Length..];
            }
        }

        return recorded;
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
