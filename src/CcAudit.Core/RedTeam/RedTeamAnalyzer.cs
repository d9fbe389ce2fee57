using CcAudit.Core.Permissions;

namespace CcAudit.Core.RedTeam;

/// <summary>
/// Decides every probe of a launch directory with the permission engine (the one checked against the real 2.1.328
/// binary). Rule-driven families are decided under the rules alone; the Modes family shows what each mode in force or
/// seen in transcripts adds on top (a probe the rules already let through is not counted again there).
/// </summary>
public static class RedTeamAnalyzer
{
    public static LaunchRedTeam Analyze(RedTeamTarget target, IReadOnlyList<RedTeamProbe>? probes = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var generated = probes ?? ProbeGenerator.Generate(target);
        probes = WithinBudget(generated);
        var baseMode = target.Mode is "acceptEdits" or "bypassPermissions" ? "default" : target.Mode;
        var engines = new Dictionary<(string, bool), PermissionEngine>();
        PermissionEngine Engine(string mode, bool trusted)
        {
            if (!engines.TryGetValue((mode, trusted), out var engine))
            {
                engine = new PermissionEngine(new PermissionContext(mode, trusted, target.Home, target.Directory, [], target.Documents));
                engines[(mode, trusted)] = engine;
            }

            return engine;
        }

        var outcomes = new List<ProbeOutcome>(probes.Count);
        foreach (var probe in probes)
        {
            var outcome = Decide(probe, Engine(probe.Mode ?? baseMode, target.Trusted && !probe.Untrusted));
            if (probe.Family == RedTeamFamily.Modes && Decide(probe, Engine(baseMode, target.Trusted)).Silent)
            {
                continue;
            }

            outcomes.Add(outcome);
        }

        var notes = NotAssessed(target);
        if (probes.Count < generated.Count)
        {
            notes.Add($"probe budget: {probes.Count:N0} of {generated.Count:N0} generated probes decided, taken evenly across families");
        }

        return new LaunchRedTeam(target.Directory, target.Mode, target.Trusted, outcomes, notes);
    }

    /// <summary>Probes decided per launch directory at most: a policy of 10^5 rules must not make every scan quadratic.</summary>
    public const int ProbeBudget = 5_000;

    private static IReadOnlyList<RedTeamProbe> WithinBudget(IReadOnlyList<RedTeamProbe> probes)
    {
        if (probes.Count <= ProbeBudget)
        {
            return probes;
        }

        // Round-robin over the families in generation order, so a family with thousands of rules cannot crowd out the others.
        var queues = probes.GroupBy(p => p.Family).Select(g => new Queue<RedTeamProbe>(g)).ToList();
        var kept = new List<RedTeamProbe>(ProbeBudget);
        while (kept.Count < ProbeBudget)
        {
            foreach (var queue in queues.Where(q => q.Count > 0 && kept.Count < ProbeBudget))
            {
                kept.Add(queue.Dequeue());
            }
        }

        return kept;
    }

    public static ProbeOutcome Decide(RedTeamProbe probe, PermissionEngine engine)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(engine);
        if (probe.Fixed is { } fixedDecision)
        {
            return new ProbeOutcome(probe, fixedDecision.Decision, null, null, probe.OriginLocation, fixedDecision.Reason);
        }

        var decision = engine.Decide(probe.Tool, probe.Input);
        var kind = decision.Decision switch
        {
            PermissionDecisionKind.Allow => ProbeDecision.Allowed,
            PermissionDecisionKind.Ask => ProbeDecision.Asks,
            PermissionDecisionKind.Deny => ProbeDecision.Denied,
            _ => ProbeDecision.Classifier,
        };
        return new ProbeOutcome(probe, kind, decision.Rule is null ? null : RedTeamCalls.Safe(decision.Rule), decision.Source, decision.Location, decision.Reason);
    }

    private static List<string> NotAssessed(RedTeamTarget target)
    {
        var notes = new List<string>();
        if (!target.ReachAssessed)
        {
            notes.Add("no reach map: secret reads cover only paths that rules protect, exfiltration sends the launch directory's .env (run with --reach)");
        }

        if (target.McpTools.Count == 0 && target.McpDecisions.Count > 0)
        {
            notes.Add("MCP tools were not inspected or used in transcripts: tool-level probes cover whole-server allows only (mcp inspect --connect records pins)");
        }

        notes.Add("PreToolUse hooks are not evaluated: a hook may allow or deny a probe the engine decides otherwise");
        if (target.Settings.GetBool("sandbox.enabled") == true)
        {
            notes.Add("the sandbox is on: an allowed shell command is further confined by sandbox.filesystem and network settings the engine does not model");
        }

        return notes;
    }
}
