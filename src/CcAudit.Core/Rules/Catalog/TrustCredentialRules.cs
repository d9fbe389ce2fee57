using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Base for rules over a home's global config (~/.claude.json).</summary>
internal abstract class GlobalConfigCheck : AuditRule
{
    protected static RuleSample Global(bool matches, string json) => new(matches, new Dictionary<CcAudit.Core.Settings.SettingsSource, string>()) { GlobalConfig = json };

    protected static IEnumerable<(JsonProperty Project, JsonFile File, string HomeDir)> Projects(RuleContext context)
    {
        foreach (var home in context.Homes)
        {
            if (home.GlobalConfig?.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object)
            {
                foreach (var project in projects.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object))
                {
                    yield return (project, home.GlobalConfig, home.Home.UserHome);
                }
            }
        }
    }

    protected static bool Flag(JsonProperty project, string name) => project.Value.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;
}

internal sealed class TrustedHomeOrRootRule : GlobalConfigCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA401", "The home directory or filesystem root is a trusted project", Severity.High, AuditStep.Inventory,
        "Trust unlocks a folder's allow rules, additional directories and MCP approvals; trusting `$HOME` or `/` makes every repository below it trusted, and the working directory then spans all of it.",
        "Remove the project entry (`claude purge <path>`) and launch Claude Code from project directories.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Global(true, """{"projects":{"/sample/home":{"hasTrustDialogAccepted":true}}}"""), Global(true, """{"projects":{"/":{"hasTrustDialogAccepted":true}}}"""), Global(false, """{"projects":{"/sample/home/src/app":{"hasTrustDialogAccepted":true}}}""")];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Projects(context).Where(p => (p.Project.Name.TrimEnd('/') is "" || p.Project.Name.TrimEnd('/') == p.HomeDir.TrimEnd('/')) && Flag(p.Project, "hasTrustDialogAccepted"))
            .Select(p => Found($"'{p.Project.Name}' is trusted in {p.File.Path}", p.File.LocationOf("/projects/" + JsonFile.EscapePointerToken(p.Project.Name) + "/hasTrustDialogAccepted"), p.Project.Name));
}

internal sealed class PrimaryApiKeyRule : GlobalConfigCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA402", "API key stored in ~/.claude.json", Severity.Medium, AuditStep.Reach,
        "`primaryApiKey` is a Console API key saved in the global config when no keychain was available: plain text, readable by every process of the user, including the agent's own Bash.",
        "Log out and in with a keychain available, or use `apiKeyHelper`; rotate the key.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Global(true, """{"primaryApiKey":"sk-ant-api03-abcdefghijklmnopqrstuvwxyz012345"}"""), Global(false, """{"userID":"abc"}""")];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Homes.Where(h => h.GlobalConfig?.Root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("primaryApiKey", out var k) && k.ValueKind == JsonValueKind.String && k.GetString()!.Length > 0)
            .Select(h => Found($"{h.GlobalConfig!.Path} stores an API key: {Redaction.Redact(h.GlobalConfig.Root.GetProperty("primaryApiKey").GetString()!)}", h.GlobalConfig.LocationOf("/primaryApiKey"), "primaryApiKey"));
}

internal sealed class CredentialsModeRule : AuditRule
{
    public override RuleMetadata Metadata { get; } = new("CCA403", "Claude credentials file is readable by others", Severity.High, AuditStep.Reach,
        "`~/.claude/.credentials.json` holds OAuth tokens in plain text; Claude Code writes it 0600. Any other mode lets other users (or group members) take over the account.",
        "`chmod 600 ~/.claude/.credentials.json`, then log out and in to rotate the tokens.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [new(true, new Dictionary<CcAudit.Core.Settings.SettingsSource, string>()) { CredentialsMode = "644" }, new(false, new Dictionary<CcAudit.Core.Settings.SettingsSource, string>()) { CredentialsMode = "600" }, new(false, new Dictionary<CcAudit.Core.Settings.SettingsSource, string>())];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Homes.Where(h => h.Report.CredentialsPresent && h.Report.CredentialsMode is { } mode && mode.TrimStart('0') is not ("600" or "400" or "6" or ""))
            .Select(h => Found($"{Path.Combine(h.Home.ConfigDir, ".credentials.json")} has mode {h.Report.CredentialsMode}", new SourceLocation(Path.Combine(h.Home.ConfigDir, ".credentials.json")), "credentials-mode"));
}

internal sealed class ExternalIncludesRule : GlobalConfigCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA404", "CLAUDE.md imports from outside the repository are approved", Severity.Low, AuditStep.Inventory,
        "With `hasClaudeMdExternalIncludesApproved`, a project's CLAUDE.md may @import files from anywhere on disk into every session's instructions.",
        "Review the imports; reset the approval by removing the flag.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Global(true, """{"projects":{"/sample/project":{"hasClaudeMdExternalIncludesApproved":true}}}"""), Global(false, """{"projects":{"/sample/project":{"hasClaudeMdExternalIncludesApproved":false}}}""")];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Projects(context).Where(p => Flag(p.Project, "hasClaudeMdExternalIncludesApproved"))
            .Select(p => Found($"external CLAUDE.md imports are approved for '{p.Project.Name}'", p.File.LocationOf("/projects/" + JsonFile.EscapePointerToken(p.Project.Name) + "/hasClaudeMdExternalIncludesApproved"), p.Project.Name));
}
