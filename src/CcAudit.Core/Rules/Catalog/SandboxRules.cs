using System.Text.Json;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;
using static CcAudit.Core.Rules.Catalog.SandboxFacts;

namespace CcAudit.Core.Rules.Catalog;

internal sealed class UnsandboxedEscapeRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA464", "Sandboxed sessions may still run commands outside the sandbox", Severity.High, AuditStep.Reach,
        "`sandbox.allowUnsandboxedCommands` defaults to true: the model may set `dangerouslyDisableSandbox` on a Bash call and run it unconfined (after a prompt, " +
        "or without one where an allow rule or mode approves it). A false in any tier holds (binary describe of 2.1.328).",
        "Set `sandbox.allowUnsandboxedCommands: false` in managed settings.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"enabled":true}}""")),
        Sample(true, Managed("""{"sandbox":{"enabled":true,"allowUnsandboxedCommands":true}}""")),
        Sample(false, Managed("""{"sandbox":{"enabled":true,"allowUnsandboxedCommands":false}}""")),
        Sample(false, User("""{"sandbox":{"enabled":true}}"""), Project("""{"sandbox":{"allowUnsandboxedCommands":false}}""")),
        Sample(false, User("""{"sandbox":{"enabled":false}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Launches.Where(Enabled)
            .Where(l => !l.Settings.Documents.Any(d => At(d, "sandbox.allowUnsandboxedCommands") is { Value.ValueKind: JsonValueKind.False }))
            .Select(l => (Launch: l, Value: l.Settings.Get("sandbox.enabled")!))
            .DistinctBy(x => x.Value.Location.Path)
            .Select(x => Found($"the sandbox is on ({Tier(x.Value.Source)} settings) but allowUnsandboxedCommands is not false: dangerouslyDisableSandbox runs a command unconfined",
                x.Value.Location, "sandbox.allowUnsandboxedCommands", ("launch", x.Launch.Path)));
}

internal sealed class ExcludedCommandsRule : SettingCheck
{
    private static readonly string[] Runners = ["bash", "sh", "zsh", "env", "python", "python3", "node", "npx", "uvx", "xargs", "perl", "ruby", "sudo", "docker", "make", "npm", "git"];

    public override RuleMetadata Metadata { get; } = new("CCA465", "Sandbox excludes a command that runs anything", Severity.Medium, AuditStep.Reach,
        "`sandbox.excludedCommands` entries run outside the sandbox (still permission-checked). In 2.1.328 a chain `a && b` leaves the sandbox only when every part " +
        "matches an entry, but an entry for a shell, interpreter, runner or `*` takes whatever it runs out of the sandbox.",
        "Keep excludedCommands to specific tools (`docker ps`, `git fetch`); never shells, interpreters, package runners or wildcards.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"excludedCommands":["python:*"]}}""")),
        Sample(true, Project("""{"sandbox":{"excludedCommands":["*"]}}""")),
        Sample(false, User("""{"sandbox":{"excludedCommands":["docker ps","git fetch"]}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Entries(context.Documents, "sandbox.excludedCommands").Where(e => Broad(e.Value))
            .Select(e => Found($"{Tier(e.Document.Source)} settings run '{e.Value}' outside the sandbox: everything it starts is unconfined", e.Location, e.Value));

    internal static bool Broad(string entry)
    {
        var parts = entry.Trim().Split([' ', ':', '('], 2);
        var rest = parts.Length > 1 ? parts[1].Trim() : string.Empty;
        return parts[0] is "*" or "" || (Runners.Contains(parts[0], StringComparer.Ordinal) && rest.TrimEnd(')') is "" or "*");
    }
}

internal sealed class AutoAllowSandboxedRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA466", "Sandboxed Bash commands run without a prompt", Severity.Low, AuditStep.PermissionDrift,
        "`sandbox.autoAllowBashIfSandboxed: true` approves every Bash command that will run in the sandbox (deny, ask rules and safety checks still apply): " +
        "the sandbox's read and network policy becomes the only control. The 2.1.328 binary documents the default as false.",
        "Enable it only with a sandbox whose denyRead covers credential stores and whose network allow-list is narrow.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, User("""{"sandbox":{"enabled":true,"autoAllowBashIfSandboxed":true}}""")), Sample(false, User("""{"sandbox":{"enabled":true}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => IsTrue(d, "sandbox.autoAllowBashIfSandboxed"))
            .Select(d => Found($"{Tier(d.Source)} settings approve every sandboxed Bash command without a prompt", d.LocationOf("/sandbox/autoAllowBashIfSandboxed"), "sandbox.autoAllowBashIfSandboxed"));
}

internal sealed class WeakenedSandboxRule : SettingCheck
{
    internal static readonly (string Key, string Why)[] Switches =
    [
        ("sandbox.enableWeakerNestedSandbox", "the host /proc stays readable by sandboxed commands (Linux)"),
        ("sandbox.enableWeakerNetworkIsolation", "network isolation is weakened"),
        ("sandbox.allowNestedUserNamespaces", "sandboxed commands may create user namespaces of their own (Linux)"),
        ("sandbox.network.allowAllUnixSockets", "every Unix socket is reachable (docker.sock, ssh-agent, the session messaging socket)"),
        ("sandbox.network.allowLocalBinding", "sandboxed commands may listen on localhost ports (macOS)"),
        ("sandbox.credentials.allowPlaintextInject", "real credentials are injected on the plain-HTTP proxy path, unverified and in clear"),
    ];

    public override RuleMetadata Metadata { get; } = new("CCA467", "Sandbox weakened by a switch, a socket or ignored violations", Severity.Medium, AuditStep.Reach,
        "These switches trade confinement for compatibility: host /proc, nested namespaces, Unix sockets (a path in allowUnixSockets, macOS only; Linux ignores the list), " +
        "local listeners, plaintext credential injection, and `ignoreViolations` that hides what the sandbox blocked.",
        "Remove the switch; where a tool needs it, give that tool its own excludedCommands entry instead of weakening every command.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"enableWeakerNestedSandbox":true}}""")),
        Sample(true, Project("""{"sandbox":{"network":{"allowUnixSockets":["/var/run/docker.sock"]}}}""")),
        Sample(true, User("""{"sandbox":{"ignoreViolations":{"*":["/"]}}}""")),
        Sample(false, User("""{"sandbox":{"enabled":true,"enableWeakerNestedSandbox":false,"network":{"allowUnixSockets":[]}}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var document in context.Documents)
        {
            foreach (var (key, why) in Switches.Where(s => IsTrue(document, s.Key)))
            {
                yield return Found($"{Tier(document.Source)} settings set {key}: {why}", document.LocationOf(At(document, key)!.Value.Pointer), key);
            }

            foreach (var socket in Entries([document], "sandbox.network.allowUnixSockets"))
            {
                yield return Found($"{Tier(document.Source)} settings open the Unix socket {socket.Value} to sandboxed commands (macOS; ignored on Linux)", socket.Location, socket.Value);
            }

            if (At(document, "sandbox.ignoreViolations") is { Value.ValueKind: JsonValueKind.Object } ignored && ignored.Value.TryGetProperty("*", out _))
            {
                yield return Found($"{Tier(document.Source)} settings hide sandbox violations of every command", document.LocationOf(ignored.Pointer), "sandbox.ignoreViolations");
            }
        }
    }
}

internal sealed class BroadSandboxDomainRule : SettingCheck
{
    private static readonly string[] Exfiltration = ["*.amazonaws.com", "*.githubusercontent.com", "gist.github.com", "pastebin.com", "webhook.site", "*.ngrok.io", "*.ngrok-free.app", "transfer.sh"];

    public override RuleMetadata Metadata { get; } = new("CCA468", "Sandbox network allow-list is broad", Severity.Medium, AuditStep.Reach,
        "`sandbox.network.allowedDomains` merges across every tier (and with WebFetch(domain:) allow rules): a `*`, a whole top-level domain or a service anyone " +
        "can write to (object storage, gists, paste and tunnel services) lets a sandboxed command send data out.",
        "List only the registries and APIs the team needs; set `network.allowManagedDomainsOnly: true` in managed settings so other tiers cannot add domains.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"network":{"allowedDomains":["*"]}}}""")),
        Sample(true, Project("""{"sandbox":{"network":{"allowedDomains":["*.com"]}}}""")),
        Sample(true, User("""{"sandbox":{"network":{"allowedDomains":["registry.npmjs.org","*.amazonaws.com"]}}}""")),
        Sample(false, User("""{"sandbox":{"network":{"allowedDomains":["registry.npmjs.org","*.github.com"]}}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Entries(context.Documents, "sandbox.network.allowedDomains").Where(e => Broad(e.Value.Trim().ToLowerInvariant()))
            .Select(e => Found($"{Tier(e.Document.Source)} settings let sandboxed commands reach {e.Value}", e.Location, e.Value));

    private static bool Broad(string domain) =>
        domain is "*" or "*.*" || (domain.StartsWith("*.", StringComparison.Ordinal) && !domain[2..].Contains('.', StringComparison.Ordinal)) || Exfiltration.Contains(domain, StringComparer.Ordinal);
}

internal sealed class SandboxWriteRule : SettingCheck
{
    private static readonly string[] Broad = ["/", "//", "~", "~/", "$HOME", "/home", "/Users", "~/.ssh", "~/.bashrc", "~/.zshrc", "~/.profile", "/etc", "/usr"];

    public override RuleMetadata Metadata { get; } = new("CCA469", "Sandbox lets commands write broadly, or a lower tier widens managed write paths", Severity.Medium, AuditStep.Reach,
        "`sandbox.filesystem.allowWrite` merges every tier's entries (and Edit allow rules): a user or repository entry adds to the managed list, and an entry for the " +
        "root, the home, shell profiles or system directories gives sandboxed commands what the sandbox was meant to withhold.",
        "Keep allowWrite to build output directories; in managed settings, pair it with `allowManagedReadPathsOnly`-style review of what lower tiers add.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"filesystem":{"allowWrite":["~/"]}}}""")),
        Sample(true, Managed("""{"sandbox":{"filesystem":{"allowWrite":["/opt/build"]}}}"""), Project("""{"sandbox":{"filesystem":{"allowWrite":["../shared"]}}}""")),
        Sample(false, User("""{"sandbox":{"filesystem":{"allowWrite":["./dist"]}}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        var entries = Entries(context.Documents, "sandbox.filesystem.allowWrite").ToList();
        var managedSets = entries.Any(e => e.Document.Source == SettingsSource.Managed);
        foreach (var entry in entries)
        {
            var trimmed = entry.Value.Trim().TrimEnd('*').TrimEnd('/');
            if (Broad.Contains(entry.Value.Trim(), StringComparer.Ordinal) || Broad.Contains(trimmed.Length == 0 ? "/" : trimmed, StringComparer.Ordinal))
            {
                yield return Found($"{Tier(entry.Document.Source)} settings let sandboxed commands write {entry.Value}", entry.Location, entry.Value);
            }
            else if (managedSets && entry.Document.Source != SettingsSource.Managed)
            {
                yield return Found($"{Tier(entry.Document.Source)} settings add {entry.Value} to the managed sandbox write paths (allowWrite merges across tiers)", entry.Location, entry.Value);
            }
        }
    }
}

internal sealed class SandboxDenyWriteGlobRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA470", "Sandbox denyWrite glob that the Linux sandbox skips", Severity.Low, AuditStep.Reach,
        "The Linux (and WSL) sandbox does not support glob patterns in filesystem deny lists: it lists them as `ignored_glob_patterns` and enforces only literal paths, " +
        "so `**/.env` protects nothing there.",
        "Use literal paths (directories) in denyWrite; keep globs for Edit(...) deny rules, which the permission check applies.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, Managed("""{"sandbox":{"filesystem":{"denyWrite":["**/.env"]}}}""")), Sample(false, Managed("""{"sandbox":{"filesystem":{"denyWrite":["/srv/secrets"]}}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Entries(context.Documents, "sandbox.filesystem.denyWrite").Where(e => e.Value.IndexOfAny(['*', '?', '[']) >= 0)
            .Select(e => Found($"{Tier(e.Document.Source)} settings deny writes to the glob {e.Value}, which the Linux sandbox ignores", e.Location, e.Value));
}

internal sealed class SandboxCredentialsRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA471", "Sandbox on, but credentials stay readable inside it", Severity.Medium, AuditStep.Reach,
        "By default the sandbox reads everything (`~/.ssh`, `~/.aws`, `.env`): it confines writes and network, not reads. Without `filesystem.denyRead` or " +
        "`credentials.files`/`credentials.envVars` (deny, or mask with injection at the proxy), a sandboxed command can read and, through an allowed domain, send them.",
        "Add `sandbox.credentials.files` (mode deny or mask) for the credential stores and `sandbox.filesystem.denyRead` for secrets in the tree.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, User("""{"sandbox":{"enabled":true}}""")),
        Sample(false, User("""{"sandbox":{"enabled":true,"credentials":{"files":[{"path":"~/.aws","mode":"mask"}]}}}""")),
        Sample(false, User("""{"sandbox":{"enabled":true,"filesystem":{"denyRead":["~/.ssh"]}}}""")),
        Sample(false, User("""{"sandbox":{"enabled":false}}""")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Launches.Where(Enabled)
            .Where(l => l.Settings.Get("sandbox.credentials.files") is null && l.Settings.Get("sandbox.credentials.envVars") is null && l.Settings.Get("sandbox.filesystem.denyRead") is null)
            .Select(l => l.Settings.Get("sandbox.enabled")!).DistinctBy(v => v.Location.Path)
            .Select(v => Found($"the sandbox ({Tier(v.Source)} settings) neither denies nor masks any credential file or variable", v.Location, "sandbox.credentials"));
}
