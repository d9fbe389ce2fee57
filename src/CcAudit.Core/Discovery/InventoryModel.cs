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
    int LiveSessions);

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
