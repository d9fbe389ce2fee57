using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// The managed (enterprise) policy: the files in the managed directory, shared by every launch directory, and whether
/// managed-mcp.json takes exclusive control of MCP. A home's launch directories also see that home's cached
/// server-managed settings; the machine's policy has none.
/// </summary>
/// <param name="Directory">The managed directory looked at.</param>
/// <param name="Documents">managed-settings.json then managed-settings.d/*.json in alphabetical order (or the remote cache when it wins).</param>
/// <param name="Files">Every managed file found, with its kind.</param>
/// <param name="McpConfigPath">managed-mcp.json, when present.</param>
/// <param name="Composition"><c>first-wins</c> or <c>merge</c> (managedSourcesBehavior).</param>
public sealed record ManagedPolicy(
    string Directory,
    IReadOnlyList<SettingsDocument> Documents,
    IReadOnlyList<InventoryFile> Files,
    string? McpConfigPath,
    string Composition)
{
    public bool Present => Documents.Count > 0 || McpConfigPath is not null;

    /// <summary>The source whose settings are the managed tier (<c>managed-settings.json</c>, <c>MDM plist</c>, <c>HKLM</c>, …), or a merge of them.</summary>
    public string InForce { get; init; } = "none";

    /// <summary>Sources that hold a policy but are ignored under first-wins because a higher one delivers one.</summary>
    public IReadOnlyList<string> Shadowed { get; init; } = [];

    /// <summary>The home's cached server-managed copy exists but holds no key.</summary>
    public bool EmptyRemoteCache { get; init; }

    /// <summary>Entries of <c>managed-settings.d/</c> Claude Code skips: hidden files, names not ending in <c>.json</c>, directories.</summary>
    public IReadOnlyList<IgnoredDropIn> IgnoredDropIns { get; init; } = [];
}

/// <summary>A managed drop-in Claude Code does not load, and the policy keys it would have set.</summary>
/// <param name="Path">The entry in <c>managed-settings.d/</c>.</param>
/// <param name="Reason">Why it is skipped (hidden, not <c>.json</c>, a directory).</param>
/// <param name="Keys">Policy keys the file holds (dotted), when it is a JSON object.</param>
/// <param name="Tightening">Those of <paramref name="Keys"/> that would restrict sessions (deny/ask rules, locks, disables).</param>
public sealed record IgnoredDropIn(string Path, string Reason, IReadOnlyList<string> Keys, IReadOnlyList<string> Tightening);
