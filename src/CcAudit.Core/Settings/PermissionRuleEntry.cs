using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// One permission rule string as a settings file declares it, with where it came from and whether Claude Code
/// applies it in this launch directory (untrusted projects drop their allow rules; managed-only policy drops the rest).
/// </summary>
/// <param name="Rule">The rule text, verbatim.</param>
/// <param name="List">allow, ask or deny.</param>
/// <param name="Source">The tier.</param>
/// <param name="Location">File, line, column and JSON pointer of the string.</param>
/// <param name="Applied">False when Claude Code ignores it here.</param>
/// <param name="IgnoredBecause">Why it is not applied, when it is not.</param>
public sealed record PermissionRuleEntry(string Rule, PermissionList List, SettingsSource Source, SourceLocation Location, bool Applied, string? IgnoredBecause);
