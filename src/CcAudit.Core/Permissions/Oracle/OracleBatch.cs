using System.Text.Json;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// Cases that share one configuration (mode, trust, home, launch directory, extra directories, settings of every tier,
/// MCP servers) and can be decided in one process of the binary.
/// </summary>
internal sealed record OracleBatch(PermissionCase Template, IReadOnlyList<PermissionCase> Cases);

/// <summary>
/// Groups cases by configuration and splits each group into batches in which no two probes touch the same file:
/// a Write that ran (or a Read that made an Edit valid) would otherwise change what a later probe sees (§4).
/// </summary>
internal static class OracleBatchPlanner
{
    private static readonly string[] ConfigurationFields = ["mode", "trusted", "home", "cwd", "addDirs", "settings", "mcpServers"];

    public static IReadOnlyList<OracleBatch> Plan(IEnumerable<PermissionCase> cases, int batchSize)
    {
        var batches = new List<OracleBatch>();
        foreach (var group in cases.GroupBy(ConfigurationKey, StringComparer.Ordinal))
        {
            var open = new List<(List<PermissionCase> Cases, HashSet<string> Paths)>();
            foreach (var @case in group)
            {
                var path = FilePath(@case);
                var slot = open.FirstOrDefault(b => b.Cases.Count < batchSize && (path is null || !b.Paths.Contains(path)));
                if (slot.Cases is null)
                {
                    slot = ([], new HashSet<string>(StringComparer.Ordinal));
                    open.Add(slot);
                }

                slot.Cases.Add(@case);
                if (path is not null)
                {
                    slot.Paths.Add(path);
                }
            }

            batches.AddRange(open.Select(b => new OracleBatch(b.Cases[0], b.Cases)));
        }

        return batches;
    }

    /// <summary>The file a file tool's probe names, if any.</summary>
    public static string? FilePath(PermissionCase @case) =>
        @case.Input.ValueKind == JsonValueKind.Object
        && (@case.Input.TryGetProperty("file_path", out var path) || @case.Input.TryGetProperty("notebook_path", out path))
        && path.ValueKind == JsonValueKind.String
            ? path.GetString()
            : null;

    private static string ConfigurationKey(PermissionCase @case) =>
        string.Join("\u0001", ConfigurationFields.Select(f => @case.Raw.TryGetProperty(f, out var v) ? Canonical(v) : f == "mode" ? "default" : ""));

    private static string Canonical(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "{" + string.Join(",", element.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Name) + ":" + Canonical(p.Value))) + "}",
        JsonValueKind.Array => "[" + string.Join(",", element.EnumerateArray().Select(Canonical)) + "]",
        _ => element.GetRawText(),
    };
}
