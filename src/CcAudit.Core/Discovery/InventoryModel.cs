using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// The inventory of one machine (audit step 1), as written by <c>ccaudit scan --format json</c>. Versioned: the schema
/// is docs/schema/inventory.schema.json and <see cref="SchemaVersion"/> changes with it. Holds no secret values.
/// </summary>
public sealed record Inventory(
    int SchemaVersion,
    string Tool,
    string ClaudeCodeVersion,
    DateTimeOffset GeneratedAt,
    MachineInfo Machine,
    IReadOnlyList<HomeReport> Homes,
    ManagedReport Managed,
    IReadOnlyList<LaunchDirectoryReport> LaunchDirectories,
    IReadOnlyList<McpServerReport> McpServers,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public const int CurrentSchemaVersion = 1;

    /// <summary>
    /// Every plugin and mod Claude Code would load or has on disk: installed ones, <c>--plugin-dir</c> sideloads, mods Claude
    /// wrote (<c>dev-mods/</c>), cached copies no install records, and the built-in bundle. Empty in snapshots saved before.
    /// </summary>
    public IReadOnlyList<PluginReport> Plugins { get; init; } = [];
}

/// <summary>
/// One plugin as a trust surface: where it comes from, what code it brings into Claude Code and who turns it on.
/// </summary>
/// <param name="Id">name@marketplace, as settings' <c>enabledPlugins</c> spell it (<c>name@builtin</c>, <c>name@plugin-dir</c>,
/// <c>name@dev-mods</c>).</param>
/// <param name="Name">The plugin's name (the part before @).</param>
/// <param name="Marketplace">The marketplace part of the id.</param>
/// <param name="Origin">installed, plugin-dir, dev-mod, cached (on disk, recorded by no install) or builtin.</param>
/// <param name="Home">The Claude home it belongs to, or "(binary)" for the built-in bundle.</param>
/// <param name="MarketplaceSource">The marketplace's source as known_marketplaces.json or extraKnownMarketplaces give it (credentials
/// redacted).</param>
/// <param name="Official">Whether the marketplace is Anthropic's own GitHub organisation; null when the source is not known.</param>
/// <param name="Version">The installed version, when recorded.</param>
/// <param name="Scopes">Install scopes: user, project:&lt;path&gt;, local:&lt;path&gt;, managed.</param>
/// <param name="InstallPath">The plugin directory the audit read, when there is one.</param>
/// <param name="EnabledBy">Each settings file whose enabledPlugins turns it on (or off), with tier and line.</param>
/// <param name="Components">What the plugin directory brings.</param>
/// <param name="SeenAt">Where a sideload or mod was seen: the shell profile or history line with --plugin-dir, the dev-mods folder.</param>
public sealed record PluginReport(
    string Id,
    string Name,
    string Marketplace,
    string Origin,
    string Home,
    string? MarketplaceSource,
    bool? Official,
    string? Version,
    IReadOnlyList<string> Scopes,
    string? InstallPath,
    IReadOnlyList<PluginEnablement> EnabledBy,
    PluginComponents Components,
    IReadOnlyList<SourceLocation> SeenAt)
{
    /// <summary>Whether the plugin brings code that runs (hooks, a hooks module, MCP servers, LSP servers or bin/ programs).</summary>
    public bool RunsCode() => Components.Hooks > 0 || Components.Modules.Count > 0 || Components.McpServers.Count > 0
        || Components.RunsOther;

    /// <summary>The repositories (launch directories) whose committed settings enable it.</summary>
    public IEnumerable<string> RepositoriesEnabling() =>
        EnabledBy.Where(e => e.Enabled && e.Tier == "project").Select(e => e.LaunchDirectory ?? e.File).Distinct(StringComparer.Ordinal);
}

/// <summary>One settings file's enabledPlugins entry for a plugin.</summary>
public sealed record PluginEnablement(string Tier, string File, int Line, bool Enabled, string? LaunchDirectory);

/// <summary>
/// What a plugin directory brings (the binary's component inventory: modules, hooks, mcpServers, lspServers, skills,
/// commands, agents, bin …). <paramref name="Modules"/> are mods: hooks modules a hooks file names in <c>"modules"</c>, which
/// run inside Claude Code's own process, unsandboxed.
/// </summary>
public sealed record PluginComponents(
    int Hooks,
    IReadOnlyList<string> HookEvents,
    IReadOnlyList<string> Modules,
    IReadOnlyList<string> McpServers,
    int Agents,
    int Skills,
    int Commands,
    bool RunsOther)
{
    public static PluginComponents None { get; } = new(0, [], [], [], 0, 0, 0, false);

    /// <summary>A short list for tables: "hooks PreToolUse,Stop; mods ./register.js; mcp github; 3 skills".</summary>
    public string Summary()
    {
        var parts = new List<string>();
        if (Hooks > 0)
        {
            parts.Add($"{Hooks} hook(s) {string.Join(",", HookEvents)}");
        }

        if (Modules.Count > 0)
        {
            parts.Add("mods " + string.Join(",", Modules));
        }

        if (McpServers.Count > 0)
        {
            parts.Add("mcp " + string.Join(",", McpServers));
        }

        parts.AddRange(new[] { (Agents, "agent(s)"), (Skills, "skill(s)"), (Commands,
            "command(s)") }.Where(c => c.Item1 > 0).Select(c => $"{c.Item1} {c.Item2}"));
        if (RunsOther)
        {
            parts.Add("lsp/bin programs");
        }

        return parts.Count == 0 ? "nothing found" : string.Join("; ", parts);
    }
}

/// <summary>The machine scanned; <paramref name="User"/> is the owner of the audited homes (comma-joined when several), not the invoking user.</summary>
public sealed record MachineInfo(string Hostname, string Os, string User);

/// <summary>One Claude home and what it holds (presence and counts only; no contents of credentials or transcripts).</summary>
public sealed record HomeReport(
    string UserHome,
    string ConfigDir,
    string GlobalConfig,
    string Origin,
    bool Exists,
    IReadOnlyList<InventoryFile> Files,
    bool CredentialsPresent,
    string? CredentialsMode,
    RedactedSecret? PrimaryApiKey,
    int ApprovedApiKeys,
    string? Organization,
    string? Account,
    IReadOnlyList<string> Plugins,
    IReadOnlyList<string> Marketplaces,
    int Agents,
    int Skills,
    int Commands,
    int Transcripts,
    long TranscriptBytes,
    int LiveSessions)
{
    /// <summary>What the retention sweep left: period in force, last sweep, sessions whose transcript is gone. Null in snapshots saved
    /// before.</summary>
    public RetentionReport? Retention { get; init; }
}

/// <summary>The managed policy of the machine.</summary>
public sealed record ManagedReport(string Directory, bool Present, string Composition, bool McpExclusive, IReadOnlyList<InventoryFile> Files)
{
    /// <summary>The managed source in force: managed-settings.json, MDM plist, HKLM, HKCU, a merge of them, or none.</summary>
    public string? InForce { get; init; }

    /// <summary>Sources that hold a policy but lose under first-wins.</summary>
    public IReadOnlyList<string>? Shadowed { get; init; }
}

/// <summary>One launch directory as seen from one Claude home, with a summary of its effective settings.</summary>
public sealed record LaunchDirectoryReport(
    string Path,
    IReadOnlyList<string> RecordedAs,
    IReadOnlyList<string> Sources,
    string Home,
    bool Exists,
    bool Trusted,
    string? GitRoot,
    IReadOnlyList<InventoryFile> Files,
    string? DefaultMode,
    string? DefaultModeSource,
    int AllowRules,
    int AskRules,
    int DenyRules,
    int IgnoredRules,
    int Hooks,
    IReadOnlyList<string> AdditionalDirectories,
    IReadOnlyList<string> McpServers);

/// <summary>One configured MCP server, with the tokens it holds in redacted form.</summary>
public sealed record McpServerReport(
    string Name,
    string Scope,
    string Home,
    string? LaunchDirectory,
    SourceLocation Location,
    string Transport,
    string? Command,
    string? Url,
    IReadOnlyList<McpTokenReport> Tokens,
    string? LoadState,
    string? LoadReason);

/// <summary>A credential an MCP server config carries: where (header, env, url, arg), its name, and its redacted form.</summary>
public sealed record McpTokenReport(string Where, string Name, RedactedSecret Value);
