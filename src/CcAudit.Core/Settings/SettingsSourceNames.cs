namespace CcAudit.Core.Settings;

/// <summary>Maps <see cref="SettingsSource"/> to the names used by Claude Code and by the permission-case format.</summary>
public static class SettingsSourceNames
{
    /// <summary>The short name used in permission cases and reports: <c>managed</c>, <c>flag</c>, <c>local</c>, <c>project</c>, <c>user</c>, <c>session</c>.</summary>
    public static string ShortName(this SettingsSource source) => source switch
    {
        SettingsSource.Managed => "managed",
        SettingsSource.Flag => "flag",
        SettingsSource.Local => "local",
        SettingsSource.Project => "project",
        SettingsSource.User => "user",
        SettingsSource.Plugin => "plugin",
        _ => "session",
    };

    /// <summary>The binary's own source name, as seen in transcripts (<c>rule:localSettings</c>).</summary>
    public static string ClaudeName(this SettingsSource source) => source switch
    {
        SettingsSource.Managed => "policySettings",
        SettingsSource.Flag => "flagSettings",
        SettingsSource.Local => "localSettings",
        SettingsSource.Project => "projectSettings",
        SettingsSource.User => "userSettings",
        SettingsSource.Plugin => "pluginHooks",
        _ => "session",
    };

    /// <summary>Parses either form; null when unknown.</summary>
    public static SettingsSource? Parse(string name) => name switch
    {
        "managed" or "policySettings" => SettingsSource.Managed,
        "flag" or "flagSettings" => SettingsSource.Flag,
        "local" or "localSettings" => SettingsSource.Local,
        "project" or "projectSettings" => SettingsSource.Project,
        "user" or "userSettings" => SettingsSource.User,
        "session" or "cliArg" or "command" => SettingsSource.Session,
        "plugin" or "pluginHooks" => SettingsSource.Plugin,
        _ => null,
    };
}
