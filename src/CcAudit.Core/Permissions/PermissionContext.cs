using CcAudit.Core.Settings;

namespace CcAudit.Core.Permissions;

/// <summary>
/// Everything that decides a tool call in one launch directory: the mode the session runs in, trust, home, launch directory,
/// <c>--add-dir</c> directories and the settings documents of every tier.
/// </summary>
public sealed record PermissionContext(string Mode, bool Trusted, string Home, string Cwd, IReadOnlyList<string> AddDirs, IReadOnlyList<SettingsDocument> Documents);
