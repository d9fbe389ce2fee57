using System.Text.Json;

namespace CcAudit.Core.RedTeam;

/// <summary>One call a workflow made (from transcripts): a command, a fetch, an MCP tool, a file written.</summary>
public sealed record WorkflowCall(string Kind, string Tool, JsonElement Input, int Count, bool Dangerous)
{
    public string Display => RedTeamCalls.Display(Tool, Input);
}

/// <summary>A workflow call replayed under the current and the proposed policy.</summary>
/// <param name="Call">The call as the transcripts show it.</param>
/// <param name="Before">Its decision under the policy in force.</param>
/// <param name="After">Its decision under the proposal.</param>
/// <param name="Verdict"><c>stays approved</c> (allowed before and after, or newly allowed), or <c>needs tighter controls</c> (now asks or is denied).</param>
/// <param name="Why">The rule or reason that decides it under the proposal, and why it changed.</param>
public sealed record WorkflowReplay(WorkflowCall Call, ProbeDecision Before, ProbeDecision After, string Verdict, string Why);

/// <summary>A red-team probe before and after the proposal; <see cref="Closed"/> when it now asks or is denied.</summary>
public sealed record ProbeReplay(ProbeOutcome Before, ProbeOutcome After, string? OpenBecause)
{
    public bool Closed => !After.Silent;
}

/// <summary>The least-privilege proposal for one launch directory and its proof.</summary>
public sealed record LaunchPolicy(
    string Directory,
    IReadOnlyList<string> AddAllow,
    IReadOnlyList<string> AddAsk,
    IReadOnlyList<string> AddDeny,
    IReadOnlyList<(string Rule, string Why)> RemoveAllow,
    IReadOnlyList<string> Removed,
    string ProjectSettings,
    IReadOnlyList<WorkflowReplay> Workflows,
    IReadOnlyList<ProbeReplay> Probes,
    IReadOnlyList<string> NotSeen)
{
    /// <summary>Every probe that went through now asks or is denied, and every workflow call is accounted for.</summary>
    public bool Proved => Probes.All(p => p.Closed || p.OpenBecause is not null);
}

/// <summary>The proposal for the machine: a managed policy for everyone and one project proposal per launch directory.</summary>
public sealed record PolicyProposal(string ManagedSettings, IReadOnlyList<LaunchPolicy> Launches, IReadOnlyList<string> NotSeen);
