using System.Runtime.CompilerServices;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.RedTeam;

/// <summary>
/// The red-team rules (CCA701–CCA708): one per attack family. Each runs the probes of every launch directory (generated
/// from its effective policy, decided by the permission engine) and reports the dangerous effects that go through
/// without a prompt, grouped by the rule or setting that lets them.
/// </summary>
public abstract class RedTeamRule(RedTeamFamily family, string id, string title, string rationale, string remediation) : AuditRule
{
    private static readonly ConditionalWeakTable<RuleContext, IReadOnlyList<LaunchRedTeam>> Passes = [];

    public RedTeamFamily Family { get; } = family;

    public override RuleMetadata Metadata { get; } = new(id, title, Severity.High, AuditStep.RedTeam, rationale, remediation);

    /// <summary>The red-team pass of every launch directory of the context, computed once and shared by the family rules.</summary>
    public static IReadOnlyList<LaunchRedTeam> PassesOf(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Passes.GetValue(context, c => [.. c.Launches.DistinctBy(l => l.Path).Select(l => RedTeamAnalyzer.Analyze(TargetOf(c, l)))]);
    }

    public static RedTeamTarget TargetOf(RuleContext context, Discovery.LaunchContext launch)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(launch);
        var activity = context.Activity;
        return RedTeamTarget.From(launch, context.Reach.GetValueOrDefault(launch.Path)) with
        {
            ModesSeen = activity?.LaunchDirectories.FirstOrDefault(d => d.Directory == launch.Path)?.Modes ?? [],
            McpTools = [.. (activity?.McpCalls ?? []).Select(c => new McpToolFact(c.Server, c.Tool, null))],
        };
    }

    /// <summary>
    /// One finding per rule or setting and file position: a managed or user rule that lets probes through in five launch
    /// directories is one finding naming the five, not five findings on the same line.
    /// </summary>
    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        var hits = PassesOf(context).SelectMany(p => p.Outcomes.Where(o => o.Probe.Family == Family && (o.Silent || o.Weakened)).Select(o => (Pass: p, Outcome: o)));
        foreach (var group in hits.GroupBy(h => (h.Outcome.Rule ?? h.Outcome.Probe.Origin, Where(h.Pass, h.Outcome).Path, Where(h.Pass, h.Outcome).Line)))
        {
            yield return ToFinding([.. group]);
        }
    }

    private static SourceLocation Where(LaunchRedTeam pass, ProbeOutcome outcome) =>
        outcome.Location ?? outcome.Probe.OriginLocation ?? new SourceLocation(pass.Directory);

    private Finding ToFinding(List<(LaunchRedTeam Pass, ProbeOutcome Outcome)> group)
    {
        var (pass, first) = group.OrderByDescending(h => h.Outcome.Silent).First();
        var directories = group.Select(h => h.Pass.Directory).Distinct(StringComparer.Ordinal).ToList();
        var silent = group.Count(h => h.Outcome.Silent);
        var severity = silent == 0 ? Severity.Medium : Metadata.Severity;
        var by = first.Rule is { } rule ? $"the {first.Tier} rule {rule}" : first.Reason;
        var what = silent > 0 ? "without a prompt" : "with only a prompt where the rule denies";
        var where = directories.Count == 1 ? directories[0]
            : $"{directories.Count} launch directories ({string.Join(", ", directories.Take(3))}{(directories.Count > 3 ? ", …" : string.Empty)})";
        var message = $"{group.Count} {Family} probe(s) go through {what} in {where}, e.g. {first.Probe.Call}: {first.Probe.Intent}; decided by {by}.";
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["family"] = Family.ToString(),
            ["launchDirectory"] = string.Join(", ", directories),
            ["decision"] = first.Decision.ToString().ToLowerInvariant(),
            ["call"] = first.Probe.Call,
            ["evidence"] = RedTeamCalls.Safe(first.Probe.Evidence),
            ["origin"] = first.Probe.Origin,
            ["reason"] = RedTeamCalls.Safe(first.Reason),
            ["probes"] = string.Join(" | ", group.Take(6).Select(h => $"{h.Outcome.Decision.ToString().ToLowerInvariant()}: {h.Outcome.Probe.Call}")),
        };
        if (first.Rule is not null)
        {
            evidence["rule"] = $"{first.Rule} ({first.Tier}, {first.Location})";
        }

        if (first.Probe.Mode is { } mode)
        {
            evidence["mode"] = mode;
        }

        return new Finding(Metadata, message, Where(pass, first), first.Rule ?? first.Probe.Origin, evidence, severity);
    }

    protected static RuleSample Yes(params (SettingsSource, string)[] settings) => RuleSample.Match(settings);

    protected static RuleSample No(params (SettingsSource, string)[] settings) => RuleSample.NoMatch(settings);

    protected static (SettingsSource, string) U(string json) => User(json);
}
