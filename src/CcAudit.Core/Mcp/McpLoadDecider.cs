using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Mcp;

/// <summary>
/// Decides, without starting anything, which configured servers Claude Code would load in a launch directory
/// (claude-code-surface.md §6.1, §6.4–§6.6): managed-mcp.json exclusivity, deniedMcpServers over allowedMcpServers,
/// project-server approvals (committed approvals ignored when untrusted), enabledPlugins for plugin servers, /mcp toggles and name precedence
/// (local over project over user over plugin).
/// </summary>
public static class McpLoadDecider
{
    /// <param name="servers">Every server visible from the launch directory, any scope.</param>
    /// <param name="settings">The settings documents of the launch directory, one per tier, highest tier first.</param>
    /// <param name="trusted">Whether the launch directory's project is trusted.</param>
    /// <param name="disabledByToggle">Names switched off with /mcp (<c>~/.claude.json</c> projects[path].disabledMcpServers).</param>
    public static IReadOnlyList<McpLoadDecision> Decide(
        IReadOnlyList<McpServerConfig> servers,
        IReadOnlyList<SettingsDocument> settings,
        bool trusted,
        IReadOnlySet<string>? disabledByToggle = null)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(settings);
        var exclusive = servers.Any(s => s.Scope == McpScope.Enterprise);
        var managedOnly = settings.Any(d => d.Source == SettingsSource.Managed && Bool(d.Root, "allowManagedMcpServersOnly") == true);
        var allowSources = managedOnly ? settings.Where(d => d.Source == SettingsSource.Managed) : settings;
        var allowEntries = allowSources.Select(d => Array(d.Root, "allowedMcpServers")).Where(a => a is not null).ToList();
        var denyEntries = settings.SelectMany(d => Array(d.Root, "deniedMcpServers") ?? []).ToList();

        // Committed approvals only count once the folder is trusted; user, local, flag and managed approvals always do.
        var approvalSources = settings.Where(d => trusted || d.Source != SettingsSource.Project).ToList();
        var enableAll = approvalSources.Any(d => Bool(d.Root, "enableAllProjectMcpServers") == true);
        var enabled = approvalSources.SelectMany(d => Strings(d.Root, "enabledMcpjsonServers")).ToHashSet(StringComparer.Ordinal);
        var rejected = settings.SelectMany(d => Strings(d.Root, "disabledMcpjsonServers")).ToHashSet(StringComparer.Ordinal);

        var winners = servers
            .Where(s => s.Scope is not McpScope.Enterprise and not McpScope.Managed && (s.Plugin is null || PluginEnabled(settings, s.Plugin)))
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => Precedence(s.Scope)).First(), StringComparer.Ordinal);

        var decisions = new List<McpLoadDecision>();
        foreach (var server in servers)
        {
            decisions.Add(DecideOne(server));
        }

        return decisions;

        McpLoadDecision DecideOne(McpServerConfig server)
        {
            if (server.Scope is McpScope.Enterprise)
            {
                return Deny(server) ?? new(server, McpLoadState.Loads, "managed-mcp.json server");
            }

            if (exclusive)
            {
                return new(server, McpLoadState.BlockedByPolicy, "managed-mcp.json is present: only its servers load");
            }

            if (Deny(server) is { } denied)
            {
                return denied;
            }

            if (server.Scope != McpScope.Managed && allowEntries.Count > 0 && !allowEntries.Any(list => list!.Any(e => Matches(e, server))))
            {
                return new(server, McpLoadState.BlockedByPolicy, managedOnly ? "not in the managed allowedMcpServers list" : "not in any allowedMcpServers list");
            }

            if (server.Scope != McpScope.Managed && winners.TryGetValue(server.Name, out var winner) && !ReferenceEquals(winner, server))
            {
                return new(server, McpLoadState.Shadowed, $"the {winner.Scope.ToString().ToLowerInvariant()}-scope server of the same name wins");
            }

            if (server.Plugin is { } plugin && !PluginEnabled(settings, plugin))
            {
                return new(server, McpLoadState.Disabled, $"plugin {plugin} is not enabled in enabledPlugins");
            }

            if (disabledByToggle?.Contains(server.Name) == true)
            {
                return new(server, McpLoadState.Disabled, "switched off with /mcp for this project");
            }

            if (server.Plugin is not null)
            {
                return new(server, McpLoadState.Loads, $"plugin {server.Plugin} is enabled in enabledPlugins");
            }

            if (server.Scope != McpScope.Project)
            {
                return new(server, McpLoadState.Loads, $"{server.Scope.ToString().ToLowerInvariant()}-scope servers need no approval");
            }

            if (rejected.Contains(server.Name))
            {
                return new(server, McpLoadState.Disabled, "rejected in disabledMcpjsonServers");
            }

            if (enableAll)
            {
                return new(server, McpLoadState.Loads, "approved by enableAllProjectMcpServers");
            }

            return enabled.Contains(server.Name)
                ? new(server, McpLoadState.Loads, "approved in enabledMcpjsonServers")
                : new(server, McpLoadState.PendingApproval, trusted
                    ? "not approved yet: interactive sessions ask; claude -p and the SDK start it without asking"
                    : "folder not trusted: committed approvals are ignored; claude -p and the SDK still start it without asking");
        }

        McpLoadDecision? Deny(McpServerConfig server) =>
            denyEntries.FirstOrDefault(e => Matches(e, server)) is { ValueKind: JsonValueKind.Object } entry
                ? new(server, McpLoadState.BlockedByPolicy, $"matches deniedMcpServers entry {entry.GetRawText()}")
                : null;
    }

    /// <summary>Whether an allowedMcpServers/deniedMcpServers entry (serverName, serverCommand or serverUrl) matches.</summary>
    public static bool Matches(JsonElement entry, McpServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (entry.TryGetProperty("serverName", out var name) && name.ValueKind == JsonValueKind.String)
        {
            return name.GetString() == server.Name;
        }

        if (entry.TryGetProperty("serverCommand", out var command) && command.ValueKind == JsonValueKind.Array)
        {
            var argv = command.EnumerateArray().Select(v => v.ToString()).ToList();
            return server.Command is not null && argv.SequenceEqual([server.Command, .. server.Args], StringComparer.Ordinal);
        }

        if (entry.TryGetProperty("serverUrl", out var url) && url.ValueKind == JsonValueKind.String && server.Url is not null)
        {
            var pattern = "^" + Regex.Escape(url.GetString()!).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
            return Regex.IsMatch(server.Url, pattern, RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        }

        return false;
    }

    /// <summary>
    /// Whether <c>enabledPlugins</c> turns the plugin on: the highest tier that names it decides, and only <c>true</c> enables
    /// (claude-code-surface.md §3.6).
    /// </summary>
    public static bool PluginEnabled(IReadOnlyList<SettingsDocument> settings, string plugin)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var document in settings)
        {
            if (document.Root.ValueKind == JsonValueKind.Object && document.Root.TryGetProperty("enabledPlugins", out var map)
                && map.ValueKind == JsonValueKind.Object && map.TryGetProperty(plugin, out var value))
            {
                return value.ValueKind == JsonValueKind.True;
            }
        }

        return false;
    }

    private static int Precedence(McpScope scope) => scope switch
    {
        McpScope.Local => 0,
        McpScope.Project => 1,
        McpScope.User => 2,
        McpScope.Plugin => 3,
        _ => 4,
    };

    private static bool? Bool(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;

    private static JsonElement[]? Array(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : null;

    private static IEnumerable<string> Strings(JsonElement root, string name) =>
        (Array(root, name) ?? []).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!);
}
