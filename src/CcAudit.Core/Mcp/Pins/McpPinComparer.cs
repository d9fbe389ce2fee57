using System.Text;
using System.Text.Json;

namespace CcAudit.Core.Mcp.Pins;

/// <summary>Compares accepted pins with a fresh inspection; renames are matched by schema similarity so they are never silent.</summary>
public static class McpPinComparer
{
    /// <summary>Below this similarity a removed and an added tool are reported as two changes, not one rename.</summary>
    public const double RenameThreshold = 0.6;

    public static IReadOnlyList<McpToolChange> Compare(IReadOnlyList<McpToolPin> accepted, IReadOnlyList<McpToolPin> current)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(current);
        // A server may list one tool name twice; the first definition is the one a client keeps.
        var before = accepted.DistinctBy(p => p.ToolName, StringComparer.Ordinal).ToDictionary(p => p.ToolName, StringComparer.Ordinal);
        var after = current.DistinctBy(p => p.ToolName, StringComparer.Ordinal).ToDictionary(p => p.ToolName, StringComparer.Ordinal);
        var changes = new List<McpToolChange>();

        foreach (var (name, pin) in after.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (before.TryGetValue(name, out var old) && old.Hash != pin.Hash)
            {
                changes.Add(new McpToolChange(McpToolChangeKind.Changed, name, null, Diff(old, pin)));
            }
        }

        var removed = before.Keys.Except(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var added = after.Keys.Except(before.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = removed
            .SelectMany(r => added.Select(a => (Removed: r, Added: a, Score: Similarity(before[r], after[a]))))
            .Where(x => x.Score >= RenameThreshold)
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Removed, StringComparer.Ordinal);
        foreach (var (r, a, score) in candidates)
        {
            if (removed.Remove(r) && added.Remove(a))
            {
                changes.Add(new McpToolChange(McpToolChangeKind.Renamed, a, r, Diff(before[r], after[a]), score));
            }
        }

        changes.AddRange(added.Select(a => new McpToolChange(McpToolChangeKind.Added, a, null, null)));
        changes.AddRange(removed.Select(r => new McpToolChange(McpToolChangeKind.Removed, r, null, null)));
        return changes;
    }

    /// <summary>0–1: weighted Jaccard of the schemas' property names and types, and of the descriptions' words.</summary>
    public static double Similarity(McpToolPin a, McpToolPin b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var schema = Jaccard(SchemaFeatures(a.InputSchemaJson), SchemaFeatures(b.InputSchemaJson));
        var words = Jaccard(Words(a.Description), Words(b.Description));
        return (0.7 * schema) + (0.3 * words);
    }

    /// <summary>A word-level diff: unchanged words plain, removed in [-…-], added in {+…+}, description and schema separately.</summary>
    public static string Diff(McpToolPin before, McpToolPin after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var text = new StringBuilder();
        if (before.Description != after.Description)
        {
            text.Append("description: ").Append(WordDiff(before.Description, after.Description));
        }

        if (before.InputSchemaJson != after.InputSchemaJson)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            text.Append("input schema: ").Append(WordDiff(before.InputSchemaJson, after.InputSchemaJson));
        }

        return text.ToString();
    }

    private static string WordDiff(string before, string after)
    {
        var a = before.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var b = after.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Descriptions can be huge; past this the quadratic LCS table is not worth it and a whole-replacement diff is shown.
        if ((long)a.Length * b.Length > 4_000_000)
        {
            return $"[-{Clip(before)}-] {{+{Clip(after)}+}}";
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var parts = new List<string>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                parts.Add(a[x]);
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                parts.Add("{+" + b[y++] + "+}");
            }
            else
            {
                parts.Add("[-" + a[x++] + "-]");
            }
        }

        return string.Join(' ', parts).Replace("+} {+", " ", StringComparison.Ordinal).Replace("-] [-", " ", StringComparison.Ordinal);
    }

    private static string Clip(string text) => text.Length <= 400 ? text : string.Concat(text.AsSpan(0, 400), "…");

    private static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 && b.Count == 0)
        {
            return 1;
        }

        var union = new HashSet<string>(a, StringComparer.Ordinal);
        union.UnionWith(b);
        return (double)a.Count(b.Contains) / union.Count;
    }

    private static HashSet<string> Words(string text) =>
        text.Split([' ', '\n', '\t', '.', ',', ';', ':'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    private static HashSet<string> SchemaFeatures(string schemaJson)
    {
        var features = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var doc = JsonDocument.Parse(schemaJson);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in properties.EnumerateObject())
                {
                    var type = property.Value.ValueKind == JsonValueKind.Object && property.Value.TryGetProperty("type", out var t) ? t.ToString() : "any";
                    features.Add(property.Name + ":" + type);
                }
            }
        }
        catch (JsonException)
        {
            features.Add("invalid");
        }

        return features;
    }
}
