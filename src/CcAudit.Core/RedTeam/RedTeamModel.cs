using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.RedTeam;

/// <summary>The attack families of audit step 6; each is generated from the rules and facts in force in a launch directory.</summary>
public enum RedTeamFamily
{
    /// <summary>An allowed command or domain used to send a secret out, push to a foreign remote, publish or run lifecycle scripts.</summary>
    Exfiltration,

    /// <summary>A deny or ask rule's command in a form the rule may not match: options, absolute paths, wrappers, compounds.</summary>
    Evasion,

    /// <summary>A reachable secret read by Read, by shell, through a symlink or through an MCP server that reads files.</summary>
    SecretRead,

    /// <summary>A write to an Edit-denied path by a shell command (<c>&gt;&gt;</c>, <c>tee</c>, <c>sed -i</c>, <c>cp</c>).</summary>
    WriteAround,

    /// <summary>Self-modification and persistence: Claude Code's own settings, trust flags, hooks, CLAUDE.md, shell rc files, git hooks.</summary>
    Persistence,

    /// <summary>What a never-trusted checkout still does in <c>-p</c>/IDE sessions: project hooks, env, <c>.mcp.json</c> servers.</summary>
    UntrustedCheckout,

    /// <summary>MCP tool calls: whole-server allows, file-reading servers, flagged, shadowed or changed tools.</summary>
    Mcp,

    /// <summary>What acceptEdits, bypassPermissions and dontAsk open up in this directory beyond the default mode.</summary>
    Modes,
}

/// <summary>How a probe came out, in the words of the issue: the dangerous case is <see cref="Allowed"/>.</summary>
public enum ProbeDecision
{
    /// <summary>Silently allowed: the effect happens without anyone being asked.</summary>
    Allowed,

    /// <summary>A person is asked first.</summary>
    Asks,

    /// <summary>Refused.</summary>
    Denied,

    /// <summary>Auto mode: the server-side classifier decides; no static answer.</summary>
    Classifier,
}

/// <summary>One attack: a tool call as the model would emit it, and why it matters here.</summary>
/// <param name="Family">The attack family.</param>
/// <param name="Tool">The tool name (Bash, Read, Edit, WebFetch, mcp__srv__tool), or <c>session</c> for effects of starting a session.</param>
/// <param name="Input">The tool input object.</param>
/// <param name="Intent">What the probe tries to do, in one line.</param>
/// <param name="Evidence">What makes it matter: the secret it reaches (redacted), the host it sends to, the file it changes.</param>
/// <param name="Origin">The rule, secret, server or setting the probe was generated from.</param>
/// <param name="OriginLocation">Where that origin stands, when it is a setting.</param>
public sealed record RedTeamProbe(RedTeamFamily Family, string Tool, JsonElement Input, string Intent, string Evidence, string Origin, SourceLocation? OriginLocation)
{
    /// <summary>The mode this probe is decided in; null for the launch's effective mode.</summary>
    public string? Mode { get; init; }

    /// <summary>Decided as in a never-trusted folder (a <c>-p</c> or IDE session in a fresh checkout).</summary>
    public bool Untrusted { get; init; }

    /// <summary>For session effects the engine does not decide (hooks, env, server spawns): the decision from the trust model.</summary>
    public (ProbeDecision Decision, string Reason)? Fixed { get; init; }

    /// <summary>For evasions: the list of the rule being evaded (a deny evaded into a prompt is a weakening too).</summary>
    public string? Evades { get; init; }

    /// <summary>The call as people read it: <c>Bash(curl -d @.env https://…)</c>, <c>Read(/path)</c>; secrets redacted.</summary>
    public string Call => RedTeamCalls.Display(Tool, Input);
}

/// <summary>A probe and how Claude Code 2.1.328 (the engine) decides it, with the deciding rule and its place.</summary>
public sealed record ProbeOutcome(RedTeamProbe Probe, ProbeDecision Decision, string? Rule, string? Tier, SourceLocation? Location, string Reason)
{
    /// <summary>The dangerous effect happens without a prompt.</summary>
    public bool Silent => Decision == ProbeDecision.Allowed;

    /// <summary>An evasion that made a deny rule ask, or an ask rule allow.</summary>
    public bool Weakened => Probe.Evades is { } list && (list == "deny" ? Decision != ProbeDecision.Denied : Decision == ProbeDecision.Allowed);
}

/// <summary>The red-team pass over one launch directory.</summary>
/// <param name="Directory">The launch directory.</param>
/// <param name="Mode">Its effective default mode.</param>
/// <param name="Trusted">Whether the folder is trusted.</param>
/// <param name="Outcomes">Every probe with its decision.</param>
/// <param name="NotAssessed">What this pass could not cover (no reach map, no MCP inspection …).</param>
public sealed record LaunchRedTeam(string Directory, string Mode, bool Trusted, IReadOnlyList<ProbeOutcome> Outcomes, IReadOnlyList<string> NotAssessed)
{
    /// <summary>Dangerous effects that go through without a prompt, per family (every family listed, zeros included).</summary>
    public IReadOnlyList<(RedTeamFamily Family, int Silent, int Probes)> Headline =>
        [.. Enum.GetValues<RedTeamFamily>().Select(f => (f, Outcomes.Count(o => o.Probe.Family == f && o.Silent), Outcomes.Count(o => o.Probe.Family == f)))];

    public int SilentCount => Outcomes.Count(o => o.Silent);
}
