using CcAudit.Core.Settings;

namespace CcAudit.Core.Rules;

/// <summary>
/// A declarative fixture for a rule: settings JSON per tier and optional MCP / global-config / home facts. It is turned into a
/// <see cref="RuleContext"/> by <see cref="RuleSampleContext"/>; <see cref="Matches"/> says whether the rule must fire.
/// </summary>
public sealed record RuleSample(bool Matches, IReadOnlyDictionary<SettingsSource, string> Settings)
{
    public bool Trusted { get; init; } = true;

    /// <summary>Content of the project's <c>.mcp.json</c>.</summary>
    public string? McpJson { get; init; }

    /// <summary>Content of <c>~/.claude.json</c>; the sample project is <c>/sample/project</c>, the home <c>/sample/home</c>.</summary>
    public string? GlobalConfig { get; init; }

    /// <summary>Unix mode of <c>~/.claude/.credentials.json</c>, or null when there is none.</summary>
    public string? CredentialsMode { get; init; }

    /// <summary>Content of the sample home's <c>~/.bashrc</c>.</summary>
    public string? ShellProfile { get; init; }

    /// <summary>When the local settings file was last written, for rules about accumulated approvals.</summary>
    public DateTimeOffset? LocalSettingsWrittenAt { get; init; }

    /// <summary>What the retention sweep left in the sample home.</summary>
    public Discovery.RetentionReport? Retention { get; init; }

    /// <summary>The plugins the sample machine has, as the inventory reports them.</summary>
    public IReadOnlyList<Discovery.PluginReport> Plugins { get; init; } = [];

    /// <summary>Committed customization files as (kind, path relative to the sample project, text).</summary>
    public IReadOnlyList<(string Kind, string RelativePath, string Text)> Files { get; init; } = [];

    public static RuleSample Match(params (SettingsSource Source, string Json)[] settings) => new(true, settings.ToDictionary(s => s.Source, s => s.Json));

    public static RuleSample NoMatch(params (SettingsSource Source, string Json)[] settings) => new(false, settings.ToDictionary(s => s.Source, s => s.Json));
}
