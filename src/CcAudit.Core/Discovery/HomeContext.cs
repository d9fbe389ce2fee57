using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// One Claude home with its parsed global config (for positions of keys such as primaryApiKey), its user settings (audited
/// even when no launch directory uses the home) and its report.
/// </summary>
public sealed record HomeContext(ClaudeHome Home, JsonFile? GlobalConfig, SettingsDocument? UserSettings, HomeReport Report)
{
    /// <summary>The managed tier this home's sessions get (the machine's policy, or the home's server-managed cache composed with it).</summary>
    public ManagedPolicy? Managed { get; init; }
}
