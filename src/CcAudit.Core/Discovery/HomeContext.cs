using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// One Claude home with its parsed global config (for positions of keys such as primaryApiKey), its user settings (audited
/// even when no launch directory uses the home) and its report.
/// </summary>
public sealed record HomeContext(ClaudeHome Home, JsonFile? GlobalConfig, SettingsDocument? UserSettings, HomeReport Report)
{
    /// <summary>
    /// The home's own servers (user scope, installed plugins) decided against managed policy and user settings alone:
    /// what every launch directory of the home starts from, and what is reported when no launch directory was recorded.
    /// </summary>
    public IReadOnlyList<Mcp.McpLoadDecision> McpDecisions { get; init; } = [];

    /// <summary>The non-comment lines of the user's shell profiles (where credentials and aliases that start Claude Code live).</summary>
    public IReadOnlyList<ShellProfileLine> ShellProfile { get; init; } = [];

    /// <summary>The managed tier this home's sessions get (the machine's policy, or the home's server-managed cache composed with it).</summary>
    public ManagedPolicy? Managed { get; init; }
}
