namespace CcAudit.Core.Settings;

/// <summary>
/// The settings tiers of Claude Code 2.1.328, highest precedence first (claude-code-surface.md §1.4). The names
/// match the binary's source names (<c>policySettings</c>, <c>flagSettings</c>, …) through <see cref="SettingsSourceNames"/>.
/// </summary>
public enum SettingsSource
{
    /// <summary><c>policySettings</c>: managed-settings.json, drop-ins, MDM/registry, server-managed.</summary>
    Managed,

    /// <summary><c>flagSettings</c>: <c>--settings FILE|JSON</c>.</summary>
    Flag,

    /// <summary><c>localSettings</c>: <c>.claude/settings.local.json</c> at the git root.</summary>
    Local,

    /// <summary><c>projectSettings</c>: <c>.claude/settings.json</c> in the launch directory.</summary>
    Project,

    /// <summary><c>userSettings</c>: <c>~/.claude/settings.json</c> (or under <c>CLAUDE_CONFIG_DIR</c>).</summary>
    User,

    /// <summary>Rules given for one session (<c>--allowedTools</c>, <c>--add-dir</c>); not a file.</summary>
    Session,

    /// <summary>A plugin's <c>hooks/hooks.json</c>: contributes hooks only (plugins set no permissions or settings).</summary>
    Plugin,
}
