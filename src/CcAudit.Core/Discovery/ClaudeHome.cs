namespace CcAudit.Core.Discovery;

/// <summary>
/// One Claude Code configuration tree: the user settings, global config (~/.claude.json), transcripts and history of one
/// user, or of one CLAUDE_CONFIG_DIR. A person may have several.
/// </summary>
/// <param name="UserHome">The home directory of the user (anchor for <c>~/</c> rules).</param>
/// <param name="ConfigDir">The config tree: <c>~/.claude</c> or the CLAUDE_CONFIG_DIR.</param>
/// <param name="GlobalConfigPath"><c>~/.claude.json</c>, or <c>$CLAUDE_CONFIG_DIR/.claude.json</c>.</param>
/// <param name="Origin">How it was found: <c>default</c>, <c>env CLAUDE_CONFIG_DIR</c>, <c>profile ~/.zshrc:12</c>, <c>--home</c>, <c>all users</c>.</param>
public sealed record ClaudeHome(string UserHome, string ConfigDir, string GlobalConfigPath, string Origin)
{
    public string UserSettingsPath => Path.Combine(ConfigDir, "settings.json");

    public bool Exists => Directory.Exists(ConfigDir) || File.Exists(GlobalConfigPath);
}
