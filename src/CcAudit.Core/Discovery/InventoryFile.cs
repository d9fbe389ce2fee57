namespace CcAudit.Core.Discovery;

/// <summary>A file the scan found and what it is, e.g. ("managed-settings", "/etc/claude-code/managed-settings.json").</summary>
/// <param name="Kind">What the file is: user-settings, project-settings, local-settings, flag-settings, managed-settings, managed-dropin, managed-mcp, remote-settings-cache, mcp-json, claude-md, agent, skill, command, hook-script, credentials, global-config.</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Exists">Whether it is there.</param>
/// <param name="Readable">False when it is there but could not be read or parsed (see the diagnostics).</param>
/// <param name="Mode">Unix permission bits in octal (e.g. <c>600</c>), when known.</param>
public sealed record InventoryFile(string Kind, string Path, bool Exists, bool Readable = true, string? Mode = null);
