using System.Text.Json.Nodes;
using CcAudit.Core.Discovery;

namespace CcAudit.Core.Reports;

/// <summary>
/// The named roots of a SARIF log: <c>SRCROOT</c> for a report with one launch directory (a <c>check</c> of a
/// repository), <c>LAUNCHn</c> for each launch directory of a machine scan and <c>HOMEn</c> for each user home. A path
/// is written relative to the deepest root that holds it; a path under none stays an absolute <c>file://</c> URI.
/// </summary>
internal sealed class SarifUriBases
{
    private readonly List<(string Id, string Root)> _roots;

    private SarifUriBases(List<(string Id, string Root)> roots) => _roots = roots;

    public static SarifUriBases From(Inventory inventory)
    {
        var launches = inventory.LaunchDirectories.Select(l => l.Path).Where(Path.IsPathRooted).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var roots = launches.Count == 1
            ? [("SRCROOT", launches[0])]
            : launches.Select((p, i) => ($"LAUNCH{i + 1}", p)).ToList();
        roots.AddRange(inventory.Homes.Select(h => h.UserHome).Where(Path.IsPathRooted).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Select((p, i) => ($"HOME{i + 1}", p)));
        return new SarifUriBases([.. roots.Select(r => (r.Item1, Trimmed(r.Item2))).Where(r => r.Item2.Length > 1)]);
    }

    /// <summary>The <c>originalUriBaseIds</c> object: each root as an absolute directory URI ending in a slash.</summary>
    public JsonObject ToJson()
    {
        var bases = new JsonObject();
        foreach (var (id, root) in _roots)
        {
            bases[id] = new JsonObject { ["uri"] = new Uri(root + "/").AbsoluteUri };
        }

        return bases;
    }

    public JsonObject ArtifactLocation(string path)
    {
        if (!Path.IsPathRooted(path))
        {
            return new JsonObject { ["uri"] = Relative(path) };
        }

        var best = _roots.Where(r => path.StartsWith(r.Root + "/", StringComparison.Ordinal)).OrderByDescending(r => r.Root.Length).FirstOrDefault();
        return best.Id is null
            ? new JsonObject { ["uri"] = new Uri(path).AbsoluteUri }
            : new JsonObject { ["uri"] = Relative(path[(best.Root.Length + 1)..]), ["uriBaseId"] = best.Id };
    }

    private static string Trimmed(string root) => root.Length > 1 ? root.TrimEnd('/') : root;

    private static string Relative(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
