using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Base for rules that judge single permission rules.</summary>
internal abstract class PermissionRuleCheck : AuditRule
{
    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.AllRules.Where(Applies).Select(r => Found($"{r.List.ToString().ToLowerInvariant()} rule '{r.Rule}' in {Tier(r.Source)} settings: {Why(r)}" + (r.Applied ? string.Empty : $" (not applied yet: {r.IgnoredBecause})"), r.Location, r.Rule,
            ("tier", Tier(r.Source)), ("list", r.List.ToString().ToLowerInvariant()), ("applied", r.Applied ? "yes" : "no: " + r.IgnoredBecause)));

    protected abstract bool Applies(PermissionRuleEntry rule);

    protected abstract string Why(PermissionRuleEntry rule);

    protected static bool IsBashAllow(PermissionRuleEntry rule, out string pattern)
    {
        var text = PermissionRuleText.Parse(rule.Rule);
        pattern = text.BashPattern ?? string.Empty;
        return rule.List == PermissionList.Allow && text.Tool is "Bash" or "PowerShell";
    }

    protected static RuleSample Allow(bool matches, string rule, SettingsSource source = SettingsSource.Local) =>
        new(matches, new Dictionary<SettingsSource, string> { [source] = JsonSerializer.Serialize(new { permissions = new { allow = new[] { rule } } }) });
}

internal sealed class AllowAllBashRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA001", "Allow rule approves every shell command", Severity.Critical, AuditStep.PermissionDrift,
        "Bare `Bash`, `Bash(*)` or `Bash(:*)` in an allow list runs any command without asking: network egress, deletion, credential reads.",
        "Remove the rule; allow the specific commands the workflow needs (`Bash(npm run test *)`).");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Bash"), Allow(true, "Bash(*)"), Allow(true, "PowerShell(:*)"), Allow(false, "Bash(npm run test *)")];

    protected override bool Applies(PermissionRuleEntry rule) => IsBashAllow(rule, out var pattern) && pattern is "" or "*" or " *";

    protected override string Why(PermissionRuleEntry rule) => "every shell command runs without a prompt";
}

internal sealed partial class RunnerPrefixRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA002", "Allow rule approves a runner that executes anything", Severity.High, AuditStep.PermissionDrift,
        "Prefix rules match whatever follows. `npx *`, `python3 *`, `python -c`, `node -e`, `docker exec *`, `bash -c`, `sh -c`, `env *` or `xargs *` hand the model an interpreter: any program, any network call. Claude Code does not look through these runners.",
        "Replace the rule with the exact scripts or packages needed (`Bash(npx prettier --check *)`), or ask for them.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Allow(true, "Bash(npx *)"), Allow(true, "Bash(python3 -c:*)"), Allow(true, "Bash(docker exec *)"), Allow(true, "Bash(env *)"), Allow(true, "Bash(sh -c *)"), Allow(false, "Bash(npx prettier --check *)"), Allow(false, "Bash(python3 manage.py test)")];

    protected override bool Applies(PermissionRuleEntry rule) => IsBashAllow(rule, out var pattern) && Runner().IsMatch(pattern);

    protected override string Why(PermissionRuleEntry rule) => "the runner executes any program the model names";

    [GeneratedRegex(@"^(npx|bunx|uvx|pnpm dlx|yarn dlx|pipx run|deno run|python3?|node|ruby|perl|php|bash|sh|zsh|env|xargs|sudo|eval|exec|docker (exec|run)|podman (exec|run)|kubectl exec|direnv exec|mise exec|devbox run|nix run)(\s+(-[ce]\s*)?\*?|\*)$|^(python3?|node|ruby|perl|bash|sh|zsh)\s+-[ce]\b", RegexOptions.None, 1000)]
    private static partial Regex Runner();
}

internal sealed partial class NetworkToolRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA003", "Allow rule approves a network tool", Severity.High, AuditStep.PermissionDrift,
        "curl, wget, nc, ssh, scp and friends move data off the machine. Argument-constrained rules (`curl https://api.example.com/*`) are trivially bypassed (claude-code-surface.md §4.3).",
        "Remove the allow rule; use WebFetch with `domain:` rules, or ask for each call; deny `Bash(curl *)` in managed policy where egress matters.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Bash(curl:*)"), Allow(true, "Bash(ssh deploy@prod *)"), Allow(true, "Bash(wget *)"), Allow(false, "Bash(curlie-lint)"), Allow(false, "Bash(git status)")];

    protected override bool Applies(PermissionRuleEntry rule) => IsBashAllow(rule, out var pattern) && NetworkTool().IsMatch(pattern);

    protected override string Why(PermissionRuleEntry rule) => "network transfers run without a prompt";

    [GeneratedRegex(@"^(curl|wget|nc|ncat|netcat|socat|ssh|scp|sftp|rsync|ftp|telnet|http|https|aria2c)(\s|\*|$)", RegexOptions.None, 1000)]
    internal static partial Regex NetworkTool();
}

internal sealed partial class GitPushRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA004", "Allow rule approves git push", Severity.Medium, AuditStep.PermissionDrift,
        "Pushing publishes code (and anything committed by mistake, such as secrets) to a remote without a person looking.",
        "Ask for pushes (`permissions.ask: [\"Bash(git push *)\"]`), or narrow to a review branch.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Bash(git push:*)"), Allow(true, "Bash(git:*)"), Allow(true, "Bash(git *)"), Allow(false, "Bash(git status)"), Allow(false, "Bash(git diff *)")];

    protected override bool Applies(PermissionRuleEntry rule) => IsBashAllow(rule, out var pattern) && GitPush().IsMatch(pattern);

    protected override string Why(PermissionRuleEntry rule) => "`git push` runs without a prompt";

    [GeneratedRegex(@"^git( push| \*|\*|$)", RegexOptions.None, 1000)]
    private static partial Regex GitPush();
}

internal sealed partial class DestructiveCommandRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA022", "Allow rule approves a destructive command", Severity.High, AuditStep.PermissionDrift,
        "`rm -rf`, `git reset --hard`, `git clean`, force pushes, `dd`, `terraform destroy` or `kubectl delete` allowed without a prompt let one wrong or injected step destroy work or infrastructure with nobody asked.",
        "Remove the rule; put the command in `permissions.ask` (`Bash(rm -rf *)`), or allow a narrow, reviewed form (`Bash(rm -rf ./build)`).");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Allow(true, "Bash(rm -rf:*)"), Allow(true, "Bash(git reset --hard *)"), Allow(true, "Bash(terraform destroy:*)"), Allow(false, "Bash(rm ./build/out.txt)"), Allow(false, "Bash(git status)")];

    protected override bool Applies(PermissionRuleEntry rule) => IsBashAllow(rule, out var pattern) && Destructive().IsMatch(pattern);

    protected override string Why(PermissionRuleEntry rule) => "a destructive command runs without a prompt";

    [GeneratedRegex(@"^(sudo )?(rm (-[a-zA-Z]*[rRf]|--recursive|--force)|rm:\*|rm \*|git (reset --hard|clean|push (-f|--force))|dd |mkfs|shred|terraform (destroy|apply -auto-approve)|kubectl delete|docker system prune|find .* -delete)",
        RegexOptions.None, 1000)]
    private static partial Regex Destructive();
}

internal sealed class WebFetchAnyDomainRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA005", "WebFetch allowed for every domain", Severity.Medium, AuditStep.PermissionDrift,
        "`WebFetch` or `WebFetch(domain:*)` lets the model read any page (prompt injection) and send data in URLs without asking.",
        "Allow only the documentation domains the team uses: `WebFetch(domain:docs.example.com)`.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "WebFetch"), Allow(true, "WebFetch(domain:*)"), Allow(false, "WebFetch(domain:docs.python.org)")];

    protected override bool Applies(PermissionRuleEntry rule) =>
        rule.List == PermissionList.Allow && PermissionRuleText.Parse(rule.Rule) is { Tool: "WebFetch" } text && text.Specifier is null or "domain:*" or "*";

    protected override string Why(PermissionRuleEntry rule) => "any URL is fetched without a prompt";
}

internal sealed class BroadReadRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA006", "Allow rule opens the whole filesystem or home to file tools", Severity.High, AuditStep.PermissionDrift,
        "`Read(//**)` (filesystem root) or `Read(~/**)` lets the model read ~/.ssh, ~/.aws and every other project without asking; `Edit` likewise for writes.",
        "Remove it; working directories are readable already. Add the few extra paths needed, and deny credential stores.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Read(//**)"), Allow(true, "Edit(~/**)"), Allow(true, "Read(//home/**)"), Allow(false, "Read(~/notes/**)"), Allow(false, "Read(src/**)")];

    protected override bool Applies(PermissionRuleEntry rule) =>
        rule.List == PermissionList.Allow && PermissionRuleText.Parse(rule.Rule) is { Tool: "Read" or "Edit" } text
        && text.Specifier is "//**" or "//*" or "//" or "~/**" or "~" or "~/*" or "//home/**" or "//Users/**" or "//root/**";

    protected override string Why(PermissionRuleEntry rule) => "file tools reach far beyond the project without a prompt";
}

internal abstract class SettingCheck : AuditRule
{
    protected static RuleSample Sample(bool matches, params (SettingsSource Source, string Json)[] settings) => new(matches, settings.ToDictionary(s => s.Source, s => s.Json));
}

internal sealed class BypassModeRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA007", "Default mode bypasses permissions", Severity.Critical, AuditStep.PermissionDrift,
        "`defaultMode: bypassPermissions` runs every tool call without a prompt except explicit ask rules and critical-path rm.",
        "Remove it; set `permissions.disableBypassPermissionsMode: \"disable\"` in managed policy.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, User("""{"permissions":{"defaultMode":"bypassPermissions"}}""")), Sample(false, User("""{"permissions":{"defaultMode":"acceptEdits"}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => StringAt(d, "permissions.defaultMode") == "bypassPermissions").Select(d => Explain(context, d));

    /// <summary>
    /// For a repository's file, where the bypass of its launch directories really comes from: the effective defaultMode's
    /// file and line when a higher tier wins, other files that set bypass, shell-profile lines with a bypass flag, and the
    /// sessions transcripts show in bypass; with none of those, a launch flag, which no file records.
    /// </summary>
    private Finding Explain(RuleContext context, SettingsDocument document)
    {
        var location = document.LocationOf("/permissions/defaultMode");
        var text = $"{Tier(document.Source)} settings start every session in bypassPermissions";
        if (document.Source is not (SettingsSource.Project or SettingsSource.Local))
        {
            return Found(text, location, "bypassPermissions");
        }

        var launches = context.Launches.Where(l => l.Settings.Documents.Any(d => d.Path == document.Path)).ToList();
        var sources = new List<RelatedLocation>();
        foreach (var winner in launches.Select(l => l.Settings.Get("permissions.defaultMode")).OfType<EffectiveValue>()
                     .Where(v => v.Location.Path != document.Path).DistinctBy(v => v.Location.Path))
        {
            sources.Add(new(winner.Location, $"effective defaultMode '{winner.Value}' comes from {Tier(winner.Source)} settings {winner.Location}"));
        }

        sources.AddRange(launches.SelectMany(l => l.Settings.Documents)
            .Where(d => d.Path != document.Path && StringAt(d, "permissions.defaultMode") == "bypassPermissions").DistinctBy(d => d.Path)
            .Select(d => d.LocationOf("/permissions/defaultMode")).Where(l => sources.All(s => s.Location.Path != l.Path))
            .Select(l => new RelatedLocation(l, $"bypassPermissions also set at {l}")));
        sources.AddRange(context.Homes.SelectMany(h => h.ShellProfile).Distinct().Where(ShellBypass.Starts)
            .Select(l => new RelatedLocation(new SourceLocation(l.Path, l.Line, 1), $"{l.Path}:{l.Line} starts claude in bypass: {l.Text.Trim()}")));
        var directories = launches.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var bypassDirs = context.Activity?.LaunchDirectories.Where(a => directories.Contains(a.Directory) && a.Modes.Contains("bypassPermissions"))
            .Select(a => a.Directory).Distinct(StringComparer.Ordinal).ToList() ?? [];
        var sessions = bypassDirs.Count == 0 ? string.Empty : $"; transcripts show bypassPermissions sessions in {string.Join(", ", bypassDirs)}";
        var origin = sources.Count > 0 ? "; bypass comes from " + string.Join("; ", sources.Select(s => s.Message))
            : bypassDirs.Count > 0 ? ": no other settings file or shell profile sets bypass, so those sessions had it from this file or a launch flag "
                + "(--dangerously-skip-permissions, --permission-mode bypassPermissions), which no file records"
            : string.Empty;
        return Found(text + sessions + origin, location, "bypassPermissions") with { Related = sources };
    }
}

internal sealed class RiskyModeRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA008", "Default mode lets a classifier or auto-deny decide", Severity.Medium, AuditStep.PermissionDrift,
        "`auto` hands decisions to a server-side classifier; `dontAsk` silently denies what would prompt and is meant for CI, not interactive use.",
        "Use `default` or `acceptEdits` for interactive work; keep `dontAsk` to CI launchers passed with --permission-mode.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, User("""{"permissions":{"defaultMode":"auto"}}""")), Sample(true, Local("""{"permissions":{"defaultMode":"dontAsk"}}""")), Sample(false, User("""{"permissions":{"defaultMode":"default"}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => StringAt(d, "permissions.defaultMode") is "auto" or "dontAsk")
            .Select(d => Found($"{Tier(d.Source)} settings set defaultMode '{StringAt(d, "permissions.defaultMode")}'" + (d.Source is SettingsSource.Project or SettingsSource.Local && StringAt(d, "permissions.defaultMode") == "auto" ? " (ignored by Claude Code from this tier)" : string.Empty),
                d.LocationOf("/permissions/defaultMode"), StringAt(d, "permissions.defaultMode")));
}

internal sealed class SkipDangerousPromptRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA009", "Bypass-mode warning was accepted for good", Severity.High, AuditStep.PermissionDrift,
        "`skipDangerousModePermissionPrompt: true` means someone entered bypass mode and accepted the warning; bypass sessions also skip `.mcp.json` approval.",
        "Remove the key and forbid bypass mode in managed policy (`disableBypassPermissionsMode`).");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, User("""{"skipDangerousModePermissionPrompt":true}""")), Sample(false, User("""{"skipDangerousModePermissionPrompt":false}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => IsTrue(d, "skipDangerousModePermissionPrompt"))
            .Select(d => Found($"{Tier(d.Source)} settings skip the bypass-mode warning", d.LocationOf("/skipDangerousModePermissionPrompt"), "skipDangerousModePermissionPrompt"));
}

internal sealed class ManagedBypassNotDisabledRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA010", "Managed policy does not forbid bypass mode", Severity.Medium, AuditStep.PermissionDrift,
        "Without `permissions.disableBypassPermissionsMode: \"disable\"` in managed settings, any user or repository can start sessions that ask for nothing.",
        "Add `\"permissions\": {\"disableBypassPermissionsMode\": \"disable\"}` to managed-settings.json.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, Managed("""{"permissions":{"deny":["Bash(rm -rf *)"]}}""")), Sample(false, Managed("""{"permissions":{"disableBypassPermissionsMode":"disable"}}""")), Sample(false, User("{}"))];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        // A home's cached server-managed settings make its launch directories' managed tier differ from the machine's.
        var tiers = context.Launches
            .Select(l => l.Settings.Documents.Where(d => d.Source == SettingsSource.Managed).ToList())
            .Append([.. context.Managed.Documents])
            .Where(t => t.Count > 0)
            .DistinctBy(t => string.Join('\n', t.Select(d => d.Path)), StringComparer.Ordinal);
        foreach (var managed in tiers.Where(t => !t.Any(d => StringAt(d, "permissions.disableBypassPermissionsMode") == "disable")))
        {
            yield return Found($"managed policy {managed[0].Path ?? context.Managed.Directory} does not set disableBypassPermissionsMode", managed[0].LocationOf(string.Empty), "disableBypassPermissionsMode");
        }
    }
}

internal sealed class WideAdditionalDirectoriesRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA011", "Additional working directory is the home or the filesystem root", Severity.High, AuditStep.PermissionDrift,
        "Working directories are readable without prompts and writable in acceptEdits. Adding `~` or `/` makes every file (keys, other repositories) part of the project.",
        "List the specific sibling directories needed instead.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, User("""{"permissions":{"additionalDirectories":["~"]}}""")), Sample(true, Local("""{"permissions":{"additionalDirectories":["/"]}}""")), Sample(false, User("""{"permissions":{"additionalDirectories":["../shared-lib"]}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var document in context.Documents)
        {
            if (At(document, "permissions.additionalDirectories") is not { Value.ValueKind: JsonValueKind.Array } dirs)
            {
                continue;
            }

            var index = 0;
            foreach (var dir in dirs.Value.EnumerateArray())
            {
                var value = dir.ValueKind == JsonValueKind.String ? dir.GetString()!.TrimEnd('/') : null;
                var home = context.Homes.Select(h => h.Home.UserHome.TrimEnd('/'));
                if (value is "" or "~" or "$HOME" or "${HOME}" or "/" || (value is not null && home.Contains(value)))
                {
                    yield return Found($"{Tier(document.Source)} settings add '{dir.GetString()}' as a working directory", document.LocationOf($"{dirs.Pointer}/{index}"), dir.GetString());
                }

                index++;
            }
        }
    }
}

internal sealed class DeadPathRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA012", "Path rule on a tool Claude Code never checks paths for", Severity.Low, AuditStep.PermissionDrift,
        "Path rules on `Write`, `NotebookEdit`, `Glob` and `MultiEdit` are accepted but never consulted since 2.1.210; file permissions are checked only against `Edit(path)` and `Read(path)`. The rule protects nothing.",
        "Rewrite it as `Edit(path)` (writes) or `Read(path)` (reads).");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Write(/notes.txt)"), Allow(true, "Glob(src/**)"), Allow(false, "Edit(src/**)"), Allow(false, "Write")];

    protected override bool Applies(PermissionRuleEntry rule) =>
        PermissionRuleText.Parse(rule.Rule) is { Tool: "Write" or "NotebookEdit" or "Glob" or "MultiEdit", Specifier: not null } text && !text.IsParameterRule;

    protected override string Why(PermissionRuleEntry rule) => "Claude Code ignores path rules on this tool (dead rule)";
}

internal sealed class UnanchoredAllowGlobRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA013", "Allow rule with a tool-name glob that Claude Code skips", Severity.Low, AuditStep.PermissionDrift,
        "Allow rules accept a tool-name glob only after a literal `mcp__<server>__`; `*`, `B*` or `mcp__*` in allow are skipped with a warning. The intent (allow everything) is worth knowing even though it is dead.",
        "Delete the rule; if the intent was to allow one server's tools, write `mcp__server__*`.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "*"), Allow(true, "mcp__*"), Allow(false, "mcp__github__get_*"), Allow(false, "Bash(ls *)")];

    protected override bool Applies(PermissionRuleEntry rule)
    {
        var tool = PermissionRuleText.Parse(rule.Rule).Tool;
        return rule.List == PermissionList.Allow && tool.Contains('*', StringComparison.Ordinal)
            && !(tool.StartsWith("mcp__", StringComparison.Ordinal) && tool.IndexOf("__", 5, StringComparison.Ordinal) is var cut && cut > 5 && !tool[..cut].Contains('*', StringComparison.Ordinal));
    }

    protected override string Why(PermissionRuleEntry rule) => "unanchored tool-name globs are skipped in allow lists (dead rule)";
}

internal sealed class PrimaryFieldParameterRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA014", "Parameter rule Claude Code ignores", Severity.Low, AuditStep.PermissionDrift,
        "Parameter rules (`Tool(param:value)`) work in deny and ask only, and never on a tool's primary field (`Bash(command:…)`, `Read(file_path:…)`); such rules decide nothing (CCA021 covers the forms the binary rejects outright).",
        "Use the tool's own specifier form (`Bash(rm *)`, `Read(path)`, `WebFetch(domain:…)`).");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "Bash(command:rm -rf *)"), Allow(true, "Agent(model:opus)"), Allow(false, "WebFetch(domain:example.com)"), Allow(false, "Bash(npm run:*)")];

    protected override bool Applies(PermissionRuleEntry rule)
    {
        var text = PermissionRuleText.Parse(rule.Rule);
        if (!text.IsParameterRule)
        {
            return false;
        }

        var param = text.Specifier![..text.Specifier!.IndexOf(':', StringComparison.Ordinal)];
        var primary = (text.Tool, param) is ("Bash", "command") or ("PowerShell", "command") or ("Read", "file_path") or ("Edit", "file_path") or ("Write", "file_path") or ("NotebookEdit", "notebook_path") or ("Glob", "pattern") or ("Grep", "pattern");
        return primary || rule.List == PermissionList.Allow;
    }

    protected override string Why(PermissionRuleEntry rule) => rule.List == PermissionList.Allow ? "parameter rules are not accepted in allow lists (dead rule)" : "rules on a tool's primary field are ignored (dead rule)";
}

internal sealed partial class SingleSlashPathRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA015", "Path rule with one leading slash, probably meant as absolute", Severity.Medium, AuditStep.PermissionDrift,
        "A single leading `/` anchors at the settings file's own root (project root, or `~/.claude/` for user settings), not the filesystem. `Read(/home/alice/.ssh/**)` in user settings protects `~/.claude/home/alice/.ssh`, i.e. nothing.",
        "Use `//` for absolute paths (`Read(//home/alice/.ssh/**)`) or `~/` for the home.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Allow(true, "Read(/Users/alice/secrets/**)", SettingsSource.User), new(true, new Dictionary<SettingsSource, string> { [SettingsSource.User] = """{"permissions":{"deny":["Read(/etc/shadow)"]}}""" }), Allow(false, "Read(//etc/hosts)"), Allow(false, "Read(/src/**)")];

    protected override bool Applies(PermissionRuleEntry rule) =>
        PermissionRuleText.Parse(rule.Rule) is { Tool: "Read" or "Edit", Specifier: { } spec } && SystemRoot().IsMatch(spec);

    protected override string Why(PermissionRuleEntry rule) => "a single '/' anchors at the settings file's root, not the filesystem";

    [GeneratedRegex(@"^/(Users|home|etc|var|opt|tmp|root|srv|usr|private|mnt|Volumes)(/|$)", RegexOptions.None, 1000)]
    private static partial Regex SystemRoot();
}

internal sealed class ShadowedAllowRule : AuditRule
{
    public override RuleMetadata Metadata { get; } = new("CCA016", "Allow rule is shadowed by a deny or ask rule", Severity.Low, AuditStep.PermissionDrift,
        "Deny beats ask beats allow across every tier. An allow rule whose exact call is denied or asked elsewhere never takes effect; it shows drift between tiers.",
        "Remove the dead allow rule, or the deny/ask rule if the allow was intended.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(git push:*)"]}}""", [SettingsSource.User] = """{"permissions":{"deny":["Bash(git push:*)"]}}""" }),
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["WebFetch(domain:x.com)"]}}""", [SettingsSource.Managed] = """{"permissions":{"deny":["WebFetch"]}}""" }),
        new(false, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(git status)"]}}""", [SettingsSource.User] = """{"permissions":{"deny":["Bash(git push:*)"]}}""" }),
    ];

    /// <summary>
    /// Per allow rule (one file position), the launch directories where a deny or ask rule wins over it. "Never applies" only
    /// when it is blocked in every launch directory it reaches; a user rule blocked by one repository's deny applies elsewhere.
    /// </summary>
    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        var reached = new Dictionary<(string, string?), List<string>>();
        var blocked = new Dictionary<(string, string?), List<(string Directory, PermissionRuleEntry Allow, PermissionRuleEntry Blocker)>>();
        foreach (var launch in context.Launches)
        {
            var blockers = new Blockers(launch.Settings.AppliedRules.Where(r => r.List != PermissionList.Allow));
            foreach (var allow in launch.Settings.AppliedRules.Where(r => r.List == PermissionList.Allow))
            {
                var key = (allow.Location.Path, allow.Location.JsonPointer);
                Add(reached, key, launch.Path);
                if (blockers.FirstFor(PermissionRuleText.Parse(allow.Rule)) is { } blocker)
                {
                    Add(blocked, key, (launch.Path, allow, blocker));
                }
            }
        }

        foreach (var (key, hits) in blocked)
        {
            var (_, allow, blocker) = hits[0];
            var open = reached[key].Distinct(StringComparer.Ordinal).Except(hits.Select(h => h.Directory), StringComparer.Ordinal).ToList();
            var dirs = hits.Select(h => h.Directory).Distinct(StringComparer.Ordinal).ToList();
            var verdict = open.Count == 0 ? "never applies" : $"does not apply in {string.Join(", ", dirs.Take(3))}{(dirs.Count > 3 ? ", …" : string.Empty)}";
            var still = open.Count == 0 ? string.Empty : $" there; it still applies in {open.Count} other launch director{(open.Count == 1 ? "y" : "ies")}";
            yield return Found($"allow rule '{allow.Rule}' ({Tier(allow.Source)}) {verdict}: {blocker.List.ToString().ToLowerInvariant()} rule '{blocker.Rule}' ({Tier(blocker.Source)}, {blocker.Location}) wins{still}",
                allow.Location, allow.Rule, ("shadowedBy", $"{blocker.Rule} @ {blocker.Location}"), ("blockedIn", string.Join(", ", dirs))) with
            {
                Related = [.. hits.DistinctBy(h => h.Blocker.Location).Select(h => new RelatedLocation(h.Blocker.Location, $"the {h.Blocker.List.ToString().ToLowerInvariant()} rule '{h.Blocker.Rule}' that wins in {h.Directory}"))],
            };
        }
    }

    private static void Add<T>(Dictionary<(string, string?), List<T>> map, (string, string?) key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}

/// <summary>
/// The deny and ask rules of a launch directory indexed by tool and by pattern, so finding the first one that shadows an
/// allow rule is a lookup: a settings file with 100,000 rules takes milliseconds, not the hours a pairwise scan takes.
/// </summary>
internal sealed class Blockers
{
    private readonly Dictionary<string, (int Index, PermissionRuleEntry Rule)> _wholeTool = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tool, string? Pattern), (int Index, PermissionRuleEntry Rule)> _byPattern = [];

    public Blockers(IEnumerable<PermissionRuleEntry> rules)
    {
        var index = 0;
        foreach (var rule in rules)
        {
            var text = PermissionRuleText.Parse(rule.Rule);
            if (text.Specifier is null)
            {
                _wholeTool.TryAdd(text.Tool, (index, rule));
            }
            else
            {
                _byPattern.TryAdd((text.Tool, text.BashPattern), (index, rule));
            }

            index++;
        }
    }

    /// <summary>The first blocker (in settings order) that names the allow rule's tool whole or with the same pattern.</summary>
    public PermissionRuleEntry? FirstFor(PermissionRuleText allow)
    {
        var whole = _wholeTool.TryGetValue(allow.Tool, out var w) ? w : ((int Index, PermissionRuleEntry Rule)?)null;
        var same = _byPattern.TryGetValue((allow.Tool, allow.BashPattern), out var p) ? p : ((int Index, PermissionRuleEntry Rule)?)null;
        return (whole, same) switch
        {
            (null, null) => null,
            ({ } a, null) => a.Rule,
            (null, { } b) => b.Rule,
            ({ } a, { } b) => a.Index <= b.Index ? a.Rule : b.Rule,
        };
    }
}

internal sealed class DuplicateRuleRule : AuditRule
{
    public override RuleMetadata Metadata { get; } = new("CCA017", "Same permission rule in several files", Severity.Info, AuditStep.PermissionDrift,
        "Rules concatenate across tiers; the same rule in user, project and local files is drift that makes removal hard (deleting one copy changes nothing).",
        "Keep the rule in one tier (project for team policy, managed for organisation policy).");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(npm test)"]}}""", [SettingsSource.Project] = """{"permissions":{"allow":["Bash(npm test)"]}}""" }),
        new(false, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(npm test)"]}}""", [SettingsSource.Project] = """{"permissions":{"deny":["Bash(npm test)"]}}""" }),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Launches.SelectMany(l => l.Settings.PermissionRules
            .GroupBy(r => (r.List, r.Rule))
            .Where(g => g.Select(r => r.Location.Path).Distinct(StringComparer.Ordinal).Count() > 1)
            .Select(g => Found($"{g.Key.List.ToString().ToLowerInvariant()} rule '{g.Key.Rule}' appears in {string.Join(", ", g.Select(r => Tier(r.Source)).Distinct(StringComparer.Ordinal))} settings",
                g.First().Location, $"{g.Key.List}:{g.Key.Rule}", ("places", string.Join("; ", g.Select(r => r.Location.ToString()))))));
}

internal sealed class AccumulatedApprovalsRule : AuditRule
{
    private const int Threshold = 10;

    public override RuleMetadata Metadata { get; } = new("CCA018", "Local settings accumulated many \"don't ask again\" approvals", Severity.Low, AuditStep.PermissionDrift,
        "Each \"Yes, and don't ask again\" adds an allow rule to .claude/settings.local.json. Dozens of them, often months old, are permission drift nobody reviewed.",
        "Review the local allow list; move the few good rules into project settings and delete the file's allow list.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = JsonSerializer.Serialize(new { permissions = new { allow = Enumerable.Range(0, 12).Select(i => $"Bash(tool{i} *)").ToArray() } }) }) { LocalSettingsWrittenAt = DateTimeOffset.UnixEpoch },
        new(false, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(ls *)","Bash(npm test)"]}}""" }),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => d.Source == SettingsSource.Local)
            .Select(d => (Document: d, Count: At(d, "permissions.allow") is { Value.ValueKind: JsonValueKind.Array } a ? a.Value.GetArrayLength() : 0))
            .Where(x => x.Count >= Threshold)
            .Select(x => Found(
                $"{x.Count} allow rules accumulated in local settings" + (x.Document.LastWrite is { } w ? $", last written {(context.Now - w).TotalDays:0} days ago" : string.Empty),
                x.Document.LocationOf("/permissions/allow"), "local-allow-count", ("count", x.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}

internal sealed partial class PrefixEvasionRule : AuditRule
{
    public override RuleMetadata Metadata { get; } = new("CCA019", "Deny rule can be evaded through a broader allow rule", Severity.High, AuditStep.PermissionDrift,
        "Deny and ask rules match the command text by prefix. With `Bash(git:*)` allowed and `Bash(git push *)` denied, `git -C . push` or `git -c x=y push` starts with `git` but not `git push`: the allow wins and the push runs.",
        "Narrow the allow rule to the safe subcommands (`Bash(git status)`, `Bash(git diff *)`), or enforce the block with a PreToolUse hook or managed deny of the whole tool.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Project] = """{"permissions":{"allow":["Bash(git:*)"],"deny":["Bash(git push *)"]}}""" }),
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"permissions":{"allow":["Bash(kubectl *)"]}}""", [SettingsSource.Managed] = """{"permissions":{"ask":["Bash(kubectl delete:*)"]}}""" }),
        new(false, new Dictionary<SettingsSource, string> { [SettingsSource.Project] = """{"permissions":{"allow":["Bash(git status)"],"deny":["Bash(git push *)"]}}""" }),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var launch in context.Launches)
        {
            var allows = launch.Settings.AppliedRules.Where(r => r.List == PermissionList.Allow)
                .Select(r => (Rule: r, Program: BroadProgram(PermissionRuleText.Parse(r.Rule))))
                .Where(x => x.Program is not null).ToLookup(x => x.Program!, StringComparer.Ordinal);
            foreach (var blocker in launch.Settings.AppliedRules.Where(r => r.List != PermissionList.Allow))
            {
                var text = PermissionRuleText.Parse(blocker.Rule);
                if (text.Tool is not ("Bash" or "PowerShell") || text.BashPattern is not { } pattern || Subcommand().Match(pattern) is not { Success: true } sub)
                {
                    continue;
                }

                foreach (var (allow, program) in allows[sub.Groups["program"].Value])
                {
                    yield return Found(
                        $"{blocker.List.ToString().ToLowerInvariant()} rule '{blocker.Rule}' ({Tier(blocker.Source)}) is evaded by allow rule '{allow.Rule}' ({Tier(allow.Source)}): e.g. `{program} -C . {sub.Groups["rest"].Value.TrimEnd('*', ' ')}` is allowed",
                        blocker.Location, $"{blocker.Rule}|{allow.Rule}", ("allowRule", $"{allow.Rule} @ {allow.Location}"));
                }
            }
        }
    }

    private static string? BroadProgram(PermissionRuleText text) =>
        text.Tool is "Bash" or "PowerShell" && text.BashPattern is { } p && BroadAllow().Match(p) is { Success: true } m ? m.Groups["program"].Value : null;

    [GeneratedRegex(@"^(?<program>[A-Za-z0-9_.-]+)( \*|\*)$", RegexOptions.None, 1000)]
    private static partial Regex BroadAllow();

    [GeneratedRegex(@"^(?<program>[A-Za-z0-9_.-]+) (?<rest>[A-Za-z0-9_-].*)$", RegexOptions.None, 1000)]
    private static partial Regex Subcommand();
}

internal sealed class WholeMcpServerAllowRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA020", "Allow rule approves every tool of an MCP server", Severity.Low, AuditStep.PermissionDrift,
        "`mcp__server` or `mcp__server__*` pre-approves tools the server adds later, including write and delete tools; a rug-pulled server gains them silently.",
        "Allow the individual read-only tools (`mcp__github__get_issue`).");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Allow(true, "mcp__github"), Allow(true, "mcp__github__*"), Allow(false, "mcp__github__get_issue")];

    protected override bool Applies(PermissionRuleEntry rule)
    {
        var tool = PermissionRuleText.Parse(rule.Rule).Tool;
        if (rule.List != PermissionList.Allow || !tool.StartsWith("mcp__", StringComparison.Ordinal) || tool.Length <= 5)
        {
            return false;
        }

        var parts = tool[5..].Split("__");
        return parts.Length == 1 && !parts[0].Contains('*', StringComparison.Ordinal) || parts is [var server, "*"] && !server.Contains('*', StringComparison.Ordinal);
    }

    protected override string Why(PermissionRuleEntry rule) => "every current and future tool of the server runs without a prompt";
}

internal sealed class InvalidRuleRule : PermissionRuleCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA021", "Rule Claude Code rejects as invalid", Severity.Medium, AuditStep.PermissionDrift,
        "Claude Code 2.1.328 skips some rules at startup with an error nobody sees in automated sessions: `:*` outside Bash (`Read(src:*)`, `Write(content:*key*)`), wildcards in WebSearch rules, WebFetch rules other than `domain:` (`WebFetch(https://x)`), and MCP rules with parentheses (`mcp__github__create_issue(repo:*)`). A deny rule written this way protects nothing.",
        "Rewrite it in a form the binary accepts: gitignore globs for paths (`Read(src/**)`), `WebFetch(domain:host)`, exact WebSearch terms, and whole MCP tool names (`mcp__github__create_issue`).");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Allow(true, "Read(src:*)"), Allow(true, "WebSearch(query:*secret*)"), Allow(true, "WebFetch(https://example.com)"), Allow(true, "mcp__github__create_issue(repo:*)"),
        Allow(false, "Bash(git:*)"), Allow(false, "WebFetch(domain:example.com)"), Allow(false, "WebSearch(weather today)"), Allow(false, "mcp__github__get_issue"),
    ];

    protected override bool Applies(PermissionRuleEntry rule) => PermissionRuleText.Parse(rule.Rule).InvalidReason is not null;

    protected override string Why(PermissionRuleEntry rule) => PermissionRuleText.Parse(rule.Rule).InvalidReason + "; Claude Code skips it (dead rule)";
}
