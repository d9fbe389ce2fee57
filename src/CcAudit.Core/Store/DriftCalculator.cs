using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>Compares two audit reports: permission drift per tier and file, modes, trust, launch directories, hooks (by content), MCP servers (command, URL, token fingerprints), MCP tools (when both audits connected), managed policy and findings.</summary>
public static class DriftCalculator
{
    public static DriftReport Compare(SnapshotInfo fromInfo, AuditReport from, SnapshotInfo toInfo, AuditReport to)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        var changes = new List<DriftChange>();

        static string RuleKey(PermissionRuleRow r) => $"{r.List} {r.Rule} ({r.Tier}, {r.File})";
        Diff(changes, "permission-rule", from.PermissionRules.Select(RuleKey), to.PermissionRules.Select(RuleKey));

        var fromLaunches = ByLaunch(from.Inventory.LaunchDirectories);
        var toLaunches = ByLaunch(to.Inventory.LaunchDirectories);
        Diff(changes, "launch-directory", fromLaunches.Keys, toLaunches.Keys);
        foreach (var (path, now) in toLaunches)
        {
            if (!fromLaunches.TryGetValue(path, out var before))
            {
                continue;
            }

            if (before.Trusted != now.Trusted)
            {
                changes.Add(new DriftChange("trust", "changed", path, $"{(before.Trusted ? "trusted" : "not trusted")} → {(now.Trusted ? "trusted" : "not trusted")}"));
            }

            if (before.DefaultMode != now.DefaultMode)
            {
                changes.Add(new DriftChange("mode", "changed", path, $"defaultMode {before.DefaultMode ?? "(unset)"} → {now.DefaultMode ?? "(unset)"} ({now.DefaultModeSource ?? before.DefaultModeSource})"));
            }

            if ((from.Hooks is null || to.Hooks is null) && before.Hooks != now.Hooks)
            {
                changes.Add(new DriftChange("hooks", "changed", path, $"{before.Hooks} → {now.Hooks} hook handler(s)"));
            }
        }

        if (from.Hooks is not null && to.Hooks is not null)
        {
            DiffHooks(changes, from.Hooks, to.Hooks);
        }

        // Two homes recording one launch directory give it the same settings rows; one is enough to compare.
        var fromSettings = from.Settings.GroupBy(r => (r.LaunchDirectory, r.Path)).ToDictionary(g => g.Key, g => g.First());
        foreach (var now in to.Settings.DistinctBy(r => (r.LaunchDirectory, r.Path)))
        {
            if (!fromSettings.Remove((now.LaunchDirectory, now.Path), out var before))
            {
                changes.Add(new DriftChange("setting", "added", $"{now.Path} in {now.LaunchDirectory}", $"{now.Value} ({now.Tier}, {now.File}:{now.Line})"));
            }
            else if (before.Value != now.Value || before.Tier != now.Tier)
            {
                changes.Add(new DriftChange("setting", "changed", $"{now.Path} in {now.LaunchDirectory}", $"{before.Value} ({before.Tier}) → {now.Value} ({now.Tier}, {now.File}:{now.Line})"));
            }
        }

        changes.AddRange(fromSettings.Values.Select(r => new DriftChange("setting", "removed", $"{r.Path} in {r.LaunchDirectory}", $"was {r.Value} ({r.Tier}, {r.File})")));

        static string ServerKey(McpServerReport s) => $"{s.Name} ({s.Scope}, {s.LaunchDirectory ?? s.Home})";
        static string ServerShape(McpServerReport s) => $"{s.Transport} {s.Command ?? s.Url} tokens[{string.Join(",", s.Tokens.Select(t => $"{t.Where}:{t.Name}:{t.Value.Fingerprint}"))}]";
        var fromServers = from.Inventory.McpServers.GroupBy(ServerKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var toServers = to.Inventory.McpServers.GroupBy(ServerKey).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        Diff(changes, "mcp-server", fromServers.Keys, toServers.Keys);
        foreach (var (key, now) in toServers)
        {
            if (fromServers.TryGetValue(key, out var before) && ServerShape(before) != ServerShape(now))
            {
                changes.Add(new DriftChange("mcp-server", "changed", key, $"{ServerShape(before)} → {ServerShape(now)}"));
            }
        }

        // Every scan lists the built-in bundle, so an empty list is a snapshot saved before plugins were recorded: nothing to compare.
        if (from.Inventory.Plugins.Count > 0 && to.Inventory.Plugins.Count > 0)
        {
            DiffPlugins(changes, from.Inventory.Plugins, to.Inventory.Plugins);
        }

        if (from.McpPins is not null && to.McpPins is not null)
        {
            DiffPins(changes, from.McpPins, to.McpPins);
        }

        if (from.Inventory.Managed.Present != to.Inventory.Managed.Present)
        {
            changes.Add(new DriftChange("managed-policy", "changed", to.Inventory.Managed.Directory, to.Inventory.Managed.Present ? "managed policy appeared" : "managed policy disappeared"));
        }

        // Snapshots saved before fingerprints ignored array positions (or imported ones) can hold one identity twice.
        var fromFindings = from.Findings.GroupBy(f => f.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var toFindings = to.Findings.GroupBy(f => f.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        changes.AddRange(toFindings.Where(f => !fromFindings.ContainsKey(f.Key)).Select(f => new DriftChange("finding", "appeared", f.Value.RuleId, f.Value.Message)));
        changes.AddRange(fromFindings.Where(f => !toFindings.ContainsKey(f.Key)).Select(f => new DriftChange("finding", "fixed", f.Value.RuleId, f.Value.Message)));
        return new DriftReport(fromInfo, toInfo, changes);
    }

    /// <summary>
    /// Launch directories by path; a path two Claude homes record (a repository both use) is one entry per home, named
    /// with the home, so a change in either is seen.
    /// </summary>
    private static Dictionary<string, LaunchDirectoryReport> ByLaunch(IReadOnlyList<LaunchDirectoryReport> launches)
    {
        var shared = launches.GroupBy(l => l.Path, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return launches
            .GroupBy(l => shared.Contains(l.Path) ? $"{l.Path} (home {l.Home})" : l.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
    }

    /// <summary>
    /// Hooks have no name, so a handler whose place (tier, file, event, matcher, type) holds exactly one removed and one
    /// added command reads as that hook changed; anything less clear-cut is reported as added and removed.
    /// </summary>
    private static void DiffHooks(List<DriftChange> changes, IReadOnlyList<HookRow> before, IReadOnlyList<HookRow> after)
    {
        static string Place(HookRow h) => $"{h.Event}{(h.Matcher is { Length: > 0 } m ? $" [{m}]" : string.Empty)} {h.Type} hook ({h.Tier}, {h.File})";
        static (string Place, string Command) Key(HookRow h) => (Place(h), h.Command ?? string.Empty);
        var a = before.Select(Key).ToHashSet();
        var b = after.Select(Key).ToHashSet();
        var added = b.Except(a).ToLookup(k => k.Place, k => k.Command);
        var removed = a.Except(b).ToLookup(k => k.Place, k => k.Command);
        foreach (var place in added.Select(g => g.Key).Union(removed.Select(g => g.Key)).Order(StringComparer.Ordinal))
        {
            var plus = added[place].Order(StringComparer.Ordinal).ToList();
            var minus = removed[place].Order(StringComparer.Ordinal).ToList();
            if (plus.Count == 1 && minus.Count == 1)
            {
                changes.Add(new DriftChange("hook", "changed", place, $"{minus[0]} → {plus[0]}"));
                continue;
            }

            changes.AddRange(plus.Select(c => new DriftChange("hook", "added", place, c)));
            changes.AddRange(minus.Select(c => new DriftChange("hook", "removed", place, c)));
        }
    }

    /// <summary>
    /// A plugin is added or removed by id, origin and home; it changed when its version, marketplace source, the code it
    /// brings (hooks, mods, MCP servers, agents, skills, commands) or the settings files enabling it differ.
    /// </summary>
    private static void DiffPlugins(List<DriftChange> changes, IReadOnlyList<PluginReport> before, IReadOnlyList<PluginReport> after)
    {
        static string Key(PluginReport p) => $"{p.Id} ({p.Origin}, {p.Home})";
        static string Enabled(PluginReport p) => string.Join("; ",
            p.EnabledBy.Select(e => $"{(e.Enabled ? "on" : "off")} {e.Tier} {e.File}").Order(StringComparer.Ordinal));
        static IEnumerable<(string Facet, string Value)> Facets(PluginReport p) =>
        [
            ("version", p.Version ?? "(none)"), ("source", p.MarketplaceSource ?? "(not known)"), ("brings", p.Components.Summary()),
            ("enabled by", Enabled(p) is { Length: > 0 } e ? e : "(no settings file)"),
        ];
        var a = before.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var b = after.GroupBy(Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        changes.AddRange(b.Keys.Except(a.Keys).Order(StringComparer.Ordinal).Select(k => new DriftChange("plugin", "added", k,
            b[k].Components.Summary())));
        changes.AddRange(a.Keys.Except(b.Keys).Order(StringComparer.Ordinal).Select(k => new DriftChange("plugin", "removed", k,
            a[k].Components.Summary())));
        foreach (var key in b.Keys.Intersect(a.Keys).Order(StringComparer.Ordinal))
        {
            var differences = Facets(a[key]).Zip(Facets(b[key])).Where(f => f.First.Value != f.Second.Value)
                .Select(f => $"{f.First.Facet} {f.First.Value} → {f.Second.Value}").ToList();
            if (differences.Count > 0)
            {
                changes.Add(new DriftChange("plugin", "changed", key, string.Join("; ", differences)));
            }
        }
    }

    /// <summary>
    /// Only servers both audits connected to are compared: a server one audit could not reach says nothing about its tools.
    /// </summary>
    private static void DiffPins(List<DriftChange> changes, IReadOnlyList<McpToolPinRow> before, IReadOnlyList<McpToolPinRow> after)
    {
        var servers = before.Select(p => p.Server).Intersect(after.Select(p => p.Server), StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        static string Subject(McpToolPinRow p) => $"{p.Tool} of {p.Server}";

        // Imported snapshots are untrusted JSON; a short hash must not break drift.
        static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;
        var a = before.Where(p => servers.Contains(p.Server)).GroupBy(Subject).ToDictionary(g => g.Key, g => g.First().Hash, StringComparer.Ordinal);
        var b = after.Where(p => servers.Contains(p.Server)).GroupBy(Subject).ToDictionary(g => g.Key, g => g.First().Hash, StringComparer.Ordinal);
        Diff(changes, "mcp-tool", a.Keys, b.Keys);
        changes.AddRange(b.Where(t => a.TryGetValue(t.Key, out var was) && was != t.Value).OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new DriftChange("mcp-tool", "changed", t.Key, $"description or schema hash {Short(a[t.Key])} → {Short(t.Value)}")));
    }

    private static void Diff(List<DriftChange> changes, string area, IEnumerable<string> before, IEnumerable<string> after)
    {
        var a = before.ToHashSet(StringComparer.Ordinal);
        var b = after.ToHashSet(StringComparer.Ordinal);
        changes.AddRange(b.Except(a).Order(StringComparer.Ordinal).Select(x => new DriftChange(area, "added", x, string.Empty)));
        changes.AddRange(a.Except(b).Order(StringComparer.Ordinal).Select(x => new DriftChange(area, "removed", x, string.Empty)));
    }
}
