using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.RedTeam;

/// <summary>The step-7 document: workflows that stay approved, those that need tighter controls, the proof, what the audit could not see.</summary>
public static class PolicyDocumentWriter
{
    /// <summary>The project settings change as a diff of rules and keys.</summary>
    public static string Diff(LaunchPolicy launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var diff = new StringBuilder($"--- {launch.Directory}/.claude/settings*.json (in force)\n+++ {launch.Directory}/.claude/settings.json (proposed)\n");
        foreach (var line in launch.Removed)
        {
            diff.AppendLine($"- {line}");
        }

        foreach (var (list, rules) in new[] { ("allow", launch.AddAllow), ("ask", launch.AddAsk), ("deny", launch.AddDeny) })
        {
            foreach (var rule in rules)
            {
                diff.AppendLine($"+ {list} {RedTeamCalls.Safe(rule)}");
            }
        }

        return diff.ToString();
    }

    public static string ToMarkdown(PolicyProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var md = new StringBuilder("# Approved workflows and the proposed policy (audit step 7)\n\n");
        md.AppendLine("## Managed policy for everyone (`managed-settings.json`)\n\n```json\n" + proposal.ManagedSettings + "```\n");
        foreach (var launch in proposal.Launches)
        {
            var closed = launch.Probes.Count(p => p.Closed);
            md.AppendLine($"## {Cell(launch.Directory)}\n");
            md.AppendLine($"Proof: {launch.Workflows.Count(w => w.Verdict == Reports.AuditReportBuilder.StaysApproved)} of {launch.Workflows.Count} observed workflow call(s) stay approved; "
                + $"{closed} of {launch.Probes.Count} probe(s) that went through now ask or are denied; "
                + (launch.Proved ? "the proposal passes its own replay." : "**the proposal does not close every probe (listed below).**") + "\n");
            md.AppendLine("### Workflows that stay approved\n");
            Workflows(md, launch.Workflows.Where(w => w.Verdict == Reports.AuditReportBuilder.StaysApproved));
            md.AppendLine("### Workflows that need tighter controls\n");
            Workflows(md, launch.Workflows.Where(w => w.Verdict != Reports.AuditReportBuilder.StaysApproved));
            md.AppendLine("### Rules removed\n");
            foreach (var (rule, why) in launch.RemoveAllow)
            {
                md.AppendLine($"- `{Cell(RedTeamCalls.Safe(rule))}`: {Cell(why)}");
            }

            md.AppendLine("\n### Red-team probes under the proposal\n\n| Family | Call | Before | After | Deciding rule |\n|---|---|---|---|---|");
            foreach (var p in launch.Probes)
            {
                md.AppendLine($"| {RedTeamReportWriter.Name(p.Before.Probe.Family)} | `{Cell(p.Before.Probe.Call)}` | {RedTeamReportWriter.Decision(p.Before.Decision)} | "
                    + $"{RedTeamReportWriter.Decision(p.After.Decision)}{(p.OpenBecause is { } why ? " (" + Cell(why) + ")" : string.Empty)} | {Cell(p.After.Rule ?? p.After.Reason)} |");
            }

            md.AppendLine("\n### Project settings diff\n\n```diff\n" + Diff(launch) + "```\n");
            foreach (var note in launch.NotSeen)
            {
                md.AppendLine($"- Not seen: {Cell(note)}");
            }

            md.AppendLine();
        }

        md.AppendLine("## What the audit could not see\n");
        foreach (var note in proposal.NotSeen)
        {
            md.AppendLine($"- {Cell(note)}");
        }

        return md.ToString();
    }

    public static string ToJson(PolicyProposal proposal)
    {
        ArgumentNullException.ThrowIfNull(proposal);
        var model = new
        {
            managedSettings = JsonDocument.Parse(proposal.ManagedSettings).RootElement,
            launches = proposal.Launches.Select(l => new
            {
                directory = l.Directory,
                proved = l.Proved,
                addAllow = l.AddAllow.Select(RedTeamCalls.Safe),
                addAsk = l.AddAsk.Select(RedTeamCalls.Safe),
                addDeny = l.AddDeny,
                removeAllow = l.RemoveAllow.Select(r => new { rule = RedTeamCalls.Safe(r.Rule), why = r.Why }),
                removed = l.Removed,
                projectSettings = JsonDocument.Parse(l.ProjectSettings).RootElement,
                workflows = l.Workflows.Select(w => new { call = w.Call.Display, kind = w.Call.Kind, before = RedTeamReportWriter.Decision(w.Before), after = RedTeamReportWriter.Decision(w.After), verdict = w.Verdict, why = w.Why }),
                probes = l.Probes.Select(p => new { family = RedTeamReportWriter.Name(p.Before.Probe.Family), call = p.Before.Probe.Call, mode = p.Before.Probe.Mode,
                    before = RedTeamReportWriter.Decision(p.Before.Decision), after = RedTeamReportWriter.Decision(p.After.Decision), closed = p.Closed, openBecause = p.OpenBecause,
                    rule = p.After.Rule, reason = RedTeamCalls.Safe(p.After.Reason) }),
                notSeen = l.NotSeen,
            }),
            notSeen = proposal.NotSeen,
        };
        return JsonSerializer.Serialize(model, AuditJson.Options) + "\n";
    }

    private static void Workflows(StringBuilder md, IEnumerable<WorkflowReplay> replays)
    {
        var any = false;
        foreach (var w in replays)
        {
            any = true;
            md.AppendLine($"- `{Cell(w.Call.Display)}` ×{w.Call.Count}: {RedTeamReportWriter.Decision(w.Before)} → {RedTeamReportWriter.Decision(w.After)} ({Cell(w.Why)})");
        }

        md.AppendLine(any ? string.Empty : "- (none)\n");
    }

    private static string Cell(string text) => RedTeamCalls.Safe(text).Replace("|", "\\|", StringComparison.Ordinal);
}
