using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Reach;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>A secret the reach map found, as a probe target: the path, its kind and the redacted evidence.</summary>
public sealed record SecretTarget(string Path, string Kind, string Evidence);

/// <summary>An MCP tool known for a server (from transcripts or pins), with what inspection flagged about it.</summary>
public sealed record McpToolFact(string Server, string Tool, string? Flag);

/// <summary>Everything the probes of one launch directory are generated from: its effective policy and what the audit found around it.</summary>
public sealed record RedTeamTarget(string Directory, string Home, bool Trusted, IReadOnlyList<SettingsDocument> Documents, EffectiveSettings Settings)
{
    public IReadOnlyList<McpLoadDecision> McpDecisions { get; init; } = [];

    /// <summary>Secrets and sensitive files from the reach map; empty with <see cref="ReachAssessed"/> false when reach did not run.</summary>
    public IReadOnlyList<SecretTarget> Secrets { get; init; } = [];

    public IReadOnlyList<SymlinkEscape> Links { get; init; } = [];

    public bool ReachAssessed { get; init; }

    /// <summary>Modes sessions of this directory ran in (transcripts), beyond the effective default.</summary>
    public IReadOnlyList<string> ModesSeen { get; init; } = [];

    public IReadOnlyList<McpToolFact> McpTools { get; init; } = [];

    /// <summary>The mode sessions start in: <c>permissions.defaultMode</c>, else default.</summary>
    public string Mode => Settings.GetString("permissions.defaultMode") is { Length: > 0 } mode ? mode : "default";

    /// <summary>A launch directory as the inventory found it, with its reach map when one was walked.</summary>
    public static RedTeamTarget From(LaunchContext launch, LaunchReach? reach = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var secrets = reach?.Files
            .Select(f => new SecretTarget(f.Path, f.Kind.ToString(), f.Secrets.Count == 0
                ? "sensitive by kind, no secret value recognised"
                : string.Join(", ", f.Secrets.Take(3).Select(s => $"{s.Kind} {s.Secret.Display} ({s.Secret.Fingerprint})"))))
            .ToList() ?? [];
        return new RedTeamTarget(launch.Path, launch.Home.UserHome, launch.Trusted, launch.Settings.Documents, launch.Settings)
        {
            McpDecisions = launch.McpDecisions,
            Secrets = secrets,
            Links = reach?.Escapes ?? [],
            ReachAssessed = reach is not null,
        };
    }
}
