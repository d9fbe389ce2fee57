using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Permissions;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

public static partial class PolicySuggester
{
    private static readonly string[] RiskyEnv = ["ANTHROPIC_BASE_URL", "ANTHROPIC_BEDROCK_BASE_URL", "ANTHROPIC_VERTEX_BASE_URL", "HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NODE_OPTIONS", "LD_PRELOAD", "BASH_ENV"];
    private static readonly string[] ProjectEditDenies = ["Edit(./CLAUDE.md)", "Edit(./package.json)", "Edit(./.vscode/**)", "Edit(./.git/config)"];

    private static LaunchPolicy ForLaunch(RuleContext context, LaunchContext launch, LaunchRedTeam pass, IReadOnlyList<WorkflowCall> workflows, SettingsDocument managed)
    {
        var target = RedTeamRule.TargetOf(context, launch);
        var before = new PermissionEngine(new PermissionContext(target.Mode, launch.Trusted, target.Home, launch.Path, [], launch.Settings.Documents));
        var remove = launch.Settings.AppliedRules.Where(r => r.List == PermissionList.Allow && r.Source != SettingsSource.Managed)
            .Select(r => (Entry: r, Hits: pass.Outcomes.Where(o => o.Silent && o.Rule == RedTeamCalls.Safe(r.Rule) && o.Tier == r.Source.ShortName()).ToList()))
            .Where(r => r.Hits.Count > 0)
            .Select(r => (r.Entry.Rule, $"let {r.Hits.Count} probe(s) through, e.g. {r.Hits[0].Probe.Call}"))
            .ToList();
        var (allow, ask) = Additions(workflows);
        var written = workflows.Where(w => w.Kind == "write").Select(w => w.Input.GetProperty("file_path").GetString()!).ToHashSet(StringComparer.Ordinal);
        var deny = ProjectEditDenies.Where(d => !written.Contains(Path.Combine(launch.Path, d[7..^1]))).ToList();
        var mode = target.Mode is "acceptEdits" or "bypassPermissions" ? "default" : target.Mode;
        var removeSet = remove.Select(r => r.Rule).ToHashSet(StringComparer.Ordinal);
        var (documents, project, removed, probes) = Round(launch, target, pass, managed, mode, removeSet, allow, ask, deny);
        // A probe the engine still lets through with no rule (a built-in read-only or mode allowance) gets an ask rule on its
        // program and sub-command, then the proof runs again: the proposal closes what the red team found, or says why not.
        var extra = probes.Where(p => !p.Closed && p.OpenBecause is null && p.After.Rule is null && p.After.Probe.Tool == "Bash")
            .Select(p => string.Join(' ', PolicySuggester.Command(p.After.Probe.Input).Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)))
            .Where(prefix => prefix.Length > 0).Select(prefix => $"Bash({prefix}:*)").Distinct(StringComparer.Ordinal).ToList();
        if (extra.Count > 0)
        {
            ask.AddRange(extra.Where(e => !ask.Contains(e)));
            (documents, project, removed, probes) = Round(launch, target, pass, managed, mode, removeSet, allow, ask, deny);
        }

        var after = new PermissionEngine(new PermissionContext(mode, launch.Trusted, target.Home, launch.Path, [], documents));
        var replays = workflows.Select(w => Replay(w, before, after)).ToList();
        return new LaunchPolicy(launch.Path, allow, ask, deny, remove, removed, project, replays, probes, pass.NotAssessed);
    }

    private static (List<SettingsDocument>, string, List<string>, List<ProbeReplay>) Round(
        LaunchContext launch, RedTeamTarget target, LaunchRedTeam pass, SettingsDocument managed, string mode, HashSet<string> remove, List<string> allow, List<string> ask, List<string> deny)
    {
        var removed = new List<string>();
        var documents = Propose(launch, remove, allow, ask, deny, removed, out var project);
        documents.Insert(0, managed);
        var proposedTarget = target with
        {
            Documents = documents,
            Settings = EffectiveSettingsBuilder.Build(documents, launch.Trusted),
            McpDecisions = McpLoadDecider.Decide(launch.McpServers, documents, launch.Trusted),
        };
        return (documents, project, removed, ReplayProbes(pass, proposedTarget, mode));
    }

    /// <summary>Exact allow rules for the safe calls people made, exact ask rules for the dangerous ones (they keep a prompt on purpose).</summary>
    private static (List<string> Allow, List<string> Ask) Additions(IReadOnlyList<WorkflowCall> workflows)
    {
        var allow = new List<string>();
        var ask = new List<string>();
        foreach (var call in workflows)
        {
            switch (call.Kind)
            {
                // An exact rule would copy the command's secret into the proposed settings: such a command gets no rule.
                case "command" when !HoldsSecret(Command(call)):
                    foreach (var part in Command(call).Split(["&&", "||", ";", "|"], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                    {
                        (call.Dangerous ? ask : allow).Add($"Bash({part})");
                    }

                    break;
                // A recorded URL that does not parse (javascript:, markup) proposes no domain rule.
                case "fetch" when Uri.TryCreate(call.Input.GetProperty("url").GetString(), UriKind.Absolute, out var url) && url.Host.Length > 0:
                    allow.Add($"WebFetch(domain:{url.Host})");
                    break;
                case "mcp":
                    allow.Add(call.Tool);
                    break;
            }
        }

        return ([.. allow.Distinct(StringComparer.Ordinal)], [.. ask.Distinct(StringComparer.Ordinal)]);
    }

    private static bool HoldsSecret(string command) =>
        command.Contains("[redacted", StringComparison.Ordinal) || !string.Equals(Common.Redaction.Scrub(command), command, StringComparison.Ordinal);

    /// <summary>The launch directory's documents with the proposal applied: removed allows and risky env stripped, additions in project settings.</summary>
    private static List<SettingsDocument> Propose(LaunchContext launch, HashSet<string> remove, List<string> allow, List<string> ask, List<string> deny, List<string> removed, out string project)
    {
        var documents = new List<SettingsDocument>();
        JsonObject? projectNode = null;
        foreach (var document in launch.Settings.Documents)
        {
            if (document.Source == SettingsSource.Managed)
            {
                documents.Add(document);
                continue;
            }

            var node = Common.JsonNodes.ObjectFrom(document.Root);
            if (node["permissions"] is JsonObject permissions)
            {
                Strip(permissions, "allow", remove, removed, document.Source);
                if (Common.JsonNodes.StringOf(permissions["defaultMode"]) is "acceptEdits" or "bypassPermissions" && permissions.Remove("defaultMode"))
                {
                    removed.Add($"permissions.defaultMode from {document.Source.ShortName()} settings: sessions start in default mode");
                }
            }

            if (document.Source == SettingsSource.Project && node["env"] is JsonObject env)
            {
                foreach (var name in RiskyEnv.Where(env.ContainsKey))
                {
                    env.Remove(name);
                    removed.Add($"env.{name} from project settings: a fresh checkout would redirect or instrument every session");
                }
            }

            if (document.Source == SettingsSource.Project)
            {
                projectNode = node;
                continue;
            }

            documents.Add(SettingsDocument.Inline(document.Source, JsonSerializer.SerializeToElement(node)));
        }

        projectNode ??= [];
        var p = projectNode["permissions"] as JsonObject ?? new JsonObject();
        projectNode["permissions"] = p;
        Append(p, "allow", allow);
        Append(p, "ask", ask);
        Append(p, "deny", deny);
        project = projectNode.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        documents.Add(SettingsDocument.Inline(SettingsSource.Project, JsonSerializer.SerializeToElement(projectNode)));
        return documents;
    }

    private static void Strip(JsonObject permissions, string list, HashSet<string> remove, List<string> removed, SettingsSource source)
    {
        if (permissions[list] is not JsonArray array)
        {
            return;
        }

        foreach (var item in array.Where(i => Common.JsonNodes.StringOf(i) is { } s && remove.Contains(s)).ToList())
        {
            array.Remove(item);
            removed.Add($"{list} {Common.JsonNodes.StringOf(item)} from {source.ShortName()} settings");
        }
    }

    private static void Append(JsonObject permissions, string list, List<string> rules)
    {
        var array = permissions[list] as JsonArray ?? [];
        permissions[list] = array;
        foreach (var rule in rules.Where(r => array.All(a => Common.JsonNodes.StringOf(a) != r)))
        {
            array.Add(rule);
        }
    }

    private static WorkflowReplay Replay(WorkflowCall call, PermissionEngine before, PermissionEngine after)
    {
        var b = RedTeamAnalyzer.Decide(new RedTeamProbe(RedTeamFamily.Exfiltration, call.Tool, call.Input, "workflow", string.Empty, "transcripts", null), before);
        var a = RedTeamAnalyzer.Decide(b.Probe, after);
        var why = a.Rule is { } rule ? $"{a.Decision.ToString().ToLowerInvariant()} by {rule} ({a.Tier})" : RedTeamCalls.Safe(a.Reason);
        return a.Silent
            ? new WorkflowReplay(call, b.Decision, a.Decision, Reports.AuditReportBuilder.StaysApproved, why)
            : new WorkflowReplay(call, b.Decision, a.Decision, Reports.AuditReportBuilder.NeedsTighterControls,
                call.Dangerous ? $"{why}: a dangerous class (network, credentials, push, install …) keeps a prompt on purpose" : $"{why}: not covered by an exact rule");
    }

    private static List<ProbeReplay> ReplayProbes(LaunchRedTeam pass, RedTeamTarget proposed, string mode)
    {
        var engines = new Dictionary<string, PermissionEngine>(StringComparer.Ordinal);
        var regenerated = ProbeGenerator.Generate(proposed).Where(p => p.Fixed is not null).ToDictionary(p => p.Call, StringComparer.Ordinal);
        var bypassOff = proposed.Settings.GetString("permissions.disableBypassPermissionsMode") == "disable";
        var replays = new List<ProbeReplay>();
        foreach (var outcome in pass.Outcomes.Where(o => o.Silent))
        {
            ProbeOutcome after;
            if (outcome.Probe.Fixed is not null)
            {
                after = regenerated.TryGetValue(outcome.Probe.Call, out var again)
                    ? RedTeamAnalyzer.Decide(again, engines.Values.FirstOrDefault() ?? new PermissionEngine(new PermissionContext(mode, proposed.Trusted, proposed.Home, proposed.Directory, [], proposed.Documents)))
                    : outcome with { Decision = ProbeDecision.Denied, Reason = "removed from the proposed settings" };
            }
            else
            {
                var probeMode = outcome.Probe.Mode is "bypassPermissions" && bypassOff ? mode : outcome.Probe.Mode ?? mode;
                if (!engines.TryGetValue(probeMode, out var engine))
                {
                    engine = new PermissionEngine(new PermissionContext(probeMode, proposed.Trusted, proposed.Home, proposed.Directory, [], proposed.Documents));
                    engines[probeMode] = engine;
                }

                after = RedTeamAnalyzer.Decide(outcome.Probe, engine);
            }

            replays.Add(new ProbeReplay(outcome, after, after.Silent ? OpenBecause(after) : null));
        }

        return replays;
    }

    /// <summary>Why a probe the proposal leaves allowed by the engine is still covered, when it is: only the sandbox part of the proposal reaches it.</summary>
    private static string? OpenBecause(ProbeOutcome after) =>
        after.Probe.Family is RedTeamFamily.SecretRead or RedTeamFamily.Modes && after.Probe.Tool == "Bash" && after.Rule is null
            ? "a read-only command inside the working directory: the engine allows it whatever Read rules say; the proposal's sandbox.filesystem.denyRead covers it (the sandbox is not modelled)"
            : null;
}
