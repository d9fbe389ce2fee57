using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.RedTeam;

/// <summary>Renders a red-team report as console text, JSON or a Markdown section. Every string is already redacted at the source.</summary>
public static class RedTeamReportWriter
{
    public static string ToJson(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = new
        {
            launches = report.Launches.Select(l => new
            {
                directory = l.Directory,
                mode = l.Mode,
                trusted = l.Trusted,
                silent = l.SilentCount,
                headline = l.Headline.ToDictionary(h => Name(h.Family), h => new { silent = h.Silent, probes = h.Probes }),
                probes = l.Outcomes.Select(Probe),
                notAssessed = l.NotAssessed,
            }),
            fatigue = report.Fatigue,
            findings = report.Findings,
            diagnostics = report.Diagnostics.Select(d => d.ToString()),
        };
        return JsonSerializer.Serialize(model, AuditJson.Options) + "\n";
    }

    private static object Probe(ProbeOutcome o) => new
    {
        family = Name(o.Probe.Family),
        call = o.Probe.Call,
        tool = o.Probe.Tool,
        input = o.Probe.Tool == "Bash" ? null : (JsonElement?)o.Probe.Input,
        mode = o.Probe.Mode,
        untrusted = o.Probe.Untrusted,
        decision = Decision(o.Decision),
        weakened = o.Weakened,
        rule = o.Rule,
        tier = o.Tier,
        location = o.Location?.ToString(),
        reason = RedTeamCalls.Safe(o.Reason),
        intent = o.Probe.Intent,
        evidence = RedTeamCalls.Safe(o.Probe.Evidence),
        origin = o.Probe.Origin,
    };

    public static string ToText(RedTeamReport report, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var launch in report.Launches)
        {
            text.AppendLine(Headline(launch));
            foreach (var outcome in launch.Outcomes.Where(o => all || o.Silent || o.Weakened).OrderBy(o => o.Probe.Family).ThenBy(o => o.Decision))
            {
                text.AppendLine($"  [{Decision(outcome.Decision).ToUpperInvariant()}] {Name(outcome.Probe.Family)}{(outcome.Probe.Mode is { } m ? $" ({m})" : string.Empty)}: {outcome.Probe.Call}");
                text.AppendLine($"      {outcome.Probe.Intent}; {RedTeamCalls.Safe(outcome.Probe.Evidence)}");
                text.AppendLine($"      decided by {(outcome.Rule is { } rule ? $"{rule} ({outcome.Tier}, {outcome.Location})" : RedTeamCalls.Safe(outcome.Reason))}");
            }

            foreach (var note in launch.NotAssessed)
            {
                text.AppendLine($"  not assessed: {note}");
            }

            text.AppendLine();
        }

        AppendFatigue(text, report.Fatigue);
        text.AppendLine($"{report.Findings.Count} finding(s); {report.Diagnostics.Count} diagnostic(s) about what could not be read");
        foreach (var diagnostic in report.Diagnostics.Take(20))
        {
            text.AppendLine($"  {diagnostic}");
        }

        return text.ToString();
    }

    public static string ToMarkdown(RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder("## Red team (audit step 6)\n\n");
        foreach (var launch in report.Launches)
        {
            md.AppendLine($"### {Cell(launch.Directory)}\n\n{Cell(Headline(launch))}\n");
            md.AppendLine("| Family | Call | Decision | Deciding rule | Evidence |\n|---|---|---|---|---|");
            foreach (var o in launch.Outcomes.Where(o => o.Silent || o.Weakened))
            {
                md.AppendLine($"| {Name(o.Probe.Family)} | `{Cell(o.Probe.Call)}` | {Decision(o.Decision)} | {Cell(o.Rule is { } r ? $"{r} ({o.Tier}, {o.Location})" : o.Reason)} | {Cell(o.Probe.Evidence)} |");
            }

            md.AppendLine();
            foreach (var note in launch.NotAssessed)
            {
                md.AppendLine($"- Not assessed: {Cell(note)}");
            }

            md.AppendLine();
        }

        var fatigue = new StringBuilder();
        AppendFatigue(fatigue, report.Fatigue);
        md.AppendLine("### Approval fatigue\n\n```\n" + fatigue + "```");
        return md.ToString();
    }

    public static string Headline(LaunchRedTeam launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var families = launch.Headline.Where(h => h.Silent > 0).Select(h => $"{Name(h.Family)} {h.Silent}");
        var asks = launch.Outcomes.Count(o => o.Decision == ProbeDecision.Asks);
        var denied = launch.Outcomes.Count(o => o.Decision == ProbeDecision.Denied);
        return $"{launch.Directory} ({launch.Mode}, {(launch.Trusted ? "trusted" : "not trusted")}): {launch.SilentCount} of {launch.Outcomes.Count} probes go through without a prompt"
            + (launch.SilentCount > 0 ? $" ({string.Join(", ", families)})" : string.Empty) + $"; {asks} ask, {denied} denied";
    }

    private static void AppendFatigue(StringBuilder text, FatigueReport fatigue)
    {
        text.AppendLine($"approval fatigue: {fatigue.Prompts} prompt(s), {fatigue.PromptsPerSessionHour:0.##} per session-hour, {fatigue.ShareApproved:P0} approved");
        foreach (var command in fatigue.DangerousApproved)
        {
            text.AppendLine($"  approved by a person: {command.Command} ({string.Join(", ", command.Categories)}) x{command.ApprovedByPerson} in {command.LaunchDirectory}");
        }

        foreach (var rule in fatigue.Widened)
        {
            text.AppendLine($"  widened: {rule.Rule} ({rule.Location}) approved for `{rule.Approved[0]}`, also allows {string.Join(", ", rule.AlsoAllows)}");
        }
    }

    public static string Name(RedTeamFamily family) => family switch
    {
        RedTeamFamily.SecretRead => "secret-read",
        RedTeamFamily.WriteAround => "write-around",
        RedTeamFamily.UntrustedCheckout => "untrusted-checkout",
        _ => family.ToString().ToLowerInvariant(),
    };

    public static string Decision(ProbeDecision decision) => decision switch
    {
        ProbeDecision.Allowed => "allowed",
        ProbeDecision.Asks => "asks",
        ProbeDecision.Denied => "denied",
        _ => "classifier",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
