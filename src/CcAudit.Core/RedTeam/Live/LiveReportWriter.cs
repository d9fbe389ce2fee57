using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;

namespace CcAudit.Core.RedTeam.Live;

/// <summary>Renders the live red team as console text, a JSON node and a Markdown section; every string is redacted at the
/// source.</summary>
public static class LiveReportWriter
{
    public static JsonNode ToJsonNode(LiveRedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var model = new
        {
            launches = report.Launches.Select(l => new
            {
                directory = l.Directory,
                model = l.Model,
                selfCheckPassed = l.SelfCheckPassed,
                selfCheck = l.SelfCheck,
                played = l.Probes.Count,
                generated = l.ProbesGenerated,
                compared = l.Compared,
                agreed = l.Compared - l.Disagreements.Count,
                probesPerSecond = Math.Round(l.ProbesPerSecond, 2),
                probes = l.Probes,
                disagreements = l.Disagreements,
                injections = l.Injections,
                notes = l.Notes,
            }),
            findings = report.Findings,
        };
        return JsonSerializer.SerializeToNode(model, AuditJson.Options)!;
    }

    public static string ToText(LiveRedTeamReport report, bool all = false)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var launch in report.Launches)
        {
            text.AppendLine($"Live ({launch.Model} model, real binary, jailed): {Headline(launch)}");
            foreach (var check in launch.SelfCheck.Where(c => all || !c.Passed || !launch.SelfCheckPassed))
            {
                text.AppendLine($"  self-check {(check.Passed ? "ok  " : "FAIL")} {check.Name}: {check.Detail}");
            }

            foreach (var probe in launch.Probes.Where(p => all || p.Agrees == false || p.Binary == "allow"))
            {
                var agreement = probe.Agrees switch { true => "agrees", false => "DISAGREES", null => "not compared" };
                var family = RedTeamReportWriter.Name(probe.Family);
                text.AppendLine($"  {probe.Binary,-7} {family,-18} {probe.Call}  [engine {probe.Engine}: {agreement}]");
                foreach (var effect in probe.Effects)
                {
                    text.AppendLine($"          -> {effect}");
                }
            }

            foreach (var injection in launch.Injections)
            {
                var state = injection.Delivered ? injection.Binary : "not delivered";
                text.AppendLine($"  injection via {injection.Channel}: {injection.Call} -> {state}{Effects(injection.Effects)}");
            }

            foreach (var note in launch.Notes)
            {
                text.AppendLine($"  note: {note}");
            }
        }

        return text.ToString();
    }

    public static string ToMarkdown(LiveRedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder("## Red team, live (real binary in a jail)\n\n");
        foreach (var launch in report.Launches)
        {
            md.AppendLine($"### {Cell(launch.Directory)}\n\n{Cell(Headline(launch))}\n");
            md.AppendLine("| Self-check | Result | Detail |\n|---|---|---|");
            foreach (var check in launch.SelfCheck)
            {
                md.AppendLine($"| {Cell(check.Name)} | {(check.Passed ? "ok" : "**failed**")} | {Cell(check.Detail)} |");
            }

            md.AppendLine("\n| Family | Call | Mode | Engine | Binary | Agrees | Observed |\n|---|---|---|---|---|---|---|");
            foreach (var p in launch.Probes)
            {
                var agrees = p.Agrees switch { true => "yes", false => "**no**", null => "n/a" };
                var observed = Cell(string.Join("; ", p.Effects));
                var family = RedTeamReportWriter.Name(p.Family);
                md.AppendLine($"| {family} | `{Cell(p.Call)}` | {p.Mode} | {p.Engine} | {p.Binary} | {agrees} | {observed} |");
            }

            md.AppendLine("\n| Injection channel | Delivered | Injected call | Binary | Observed |\n|---|---|---|---|---|");
            foreach (var i in launch.Injections)
            {
                var observed = Cell(string.Join("; ", i.Effects));
                md.AppendLine($"| {Cell(i.Channel)} | {(i.Delivered ? "yes" : "no")} | `{Cell(i.Call)}` | {i.Binary} | {observed} |");
            }

            md.AppendLine();
            foreach (var note in launch.Notes)
            {
                md.AppendLine($"- {Cell(note)}");
            }

            md.AppendLine();
        }

        return md.ToString();
    }

    public static string Headline(LiveLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!launch.SelfCheckPassed)
        {
            return $"{launch.Directory}: the range self-check failed, no probe was played";
        }

        var allowed = launch.Probes.Count(p => p.Binary == "allow");
        var through = launch.Injections.Where(i => i.Delivered && i.WentThrough).Select(i =>
            i.Channel).Distinct(StringComparer.Ordinal).Count();
        return $"{launch.Directory}: {launch.Probes.Count} of {launch.ProbesGenerated} probes played ({launch.ProbesPerSecond:F1}/s), "
            + $"{allowed} allowed by the binary; engine agreed on {launch.Compared - launch.Disagreements.Count} of {launch.Compared} "
            + $"({launch.Disagreements.Count} disagreement(s)); injected instructions went through from {through} of "
            + $"{launch.Injections.Select(i => i.Channel).Distinct(StringComparer.Ordinal).Count()} channel(s)";
    }

    private static string Effects(IReadOnlyList<string> effects) => effects.Count == 0 ? "" : " (" + string.Join("; ", effects) + ")";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ",
        StringComparison.Ordinal);
}
