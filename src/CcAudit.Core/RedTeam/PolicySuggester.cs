using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Activity;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Permissions;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>
/// Audit step 7: proposes least-privilege settings from what the transcripts show people doing and what the red team got
/// through, then proves the proposal with the engine: every observed workflow call is replayed (it stays allowed, or is
/// named with the reason it now asks) and every red-team probe is decided again (it now asks or is denied, or the
/// document says why not).
/// </summary>
public static partial class PolicySuggester
{
    private static readonly string[] EgressPrograms = ["curl", "wget", "nc", "ncat", "scp", "sftp", "rsync", "ssh", "telnet", "socat"];
    private static readonly string[] Interpreters = ["python -c", "python3 -c", "node -e", "perl -e", "ruby -e"];

    // Always-sensitive places every user gets a deny for in managed settings (anchors that mean the same in every tier).
    private static readonly string[] ManagedEditDenies =
    [
        "Edit(**/.claude/settings.json)", "Edit(**/.claude/settings.local.json)", "Edit(**/.mcp.json)", "Edit(~/.claude.json)", "Edit(~/.claude/settings.json)",
        "Edit(~/.bashrc)", "Edit(~/.zshrc)", "Edit(~/.profile)", "Edit(**/.git/hooks/**)", "Edit(**/.husky/**)", "Edit(**/.claude/hooks/**)",
    ];

    public static PolicyProposal Suggest(RuleContext context, RedTeamReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        var activity = context.Activity ?? ActivitySummary.Empty;
        var workflows = context.Launches.ToDictionary(l => l.Path, l => Workflows(activity, l), StringComparer.Ordinal);
        var managed = Managed(context, report, activity, workflows.Values.SelectMany(w => w).ToList());
        var managedDoc = SettingsDocument.Inline(SettingsSource.Managed, JsonSerializer.SerializeToElement(managed));
        var launches = new List<LaunchPolicy>();
        foreach (var pass in report.Launches)
        {
            var launch = context.Launches.First(l => l.Path == pass.Directory);
            launches.Add(ForLaunch(context, launch, pass, workflows[launch.Path], managedDoc));
        }

        var notSeen = new List<string>
        {
            "PreToolUse hooks: a hook may allow or deny calls the engine decides otherwise",
            "the sandbox: sandbox.filesystem and sandbox.network confine what an allowed shell command reaches; the engine does not model them",
            "sessions whose transcripts were deleted by the retention sweep (cleanupPeriodDays): their workflows are not in the replay",
        };
        notSeen.AddRange(report.Diagnostics.Where(d => d.Severity == Common.DiagnosticSeverity.Error).Take(20).Select(d => $"could not be read: {d}"));
        return new PolicyProposal(managed.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", launches, notSeen);
    }

    /// <summary>What the transcripts show was done in one launch directory: commands, fetched hosts, MCP tools, files written.</summary>
    public static IReadOnlyList<WorkflowCall> Workflows(ActivitySummary activity, LaunchContext launch)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(launch);
        var calls = new List<WorkflowCall>();
        calls.AddRange(activity.Commands.Where(c => c.LaunchDirectory == launch.Path && c.Count > c.Blocked)
            .Select(c => new WorkflowCall("command", "Bash", RedTeamCalls.Input("command", c.Command), c.Count, c.Categories.Count > 0)));
        calls.AddRange(activity.Domains.Where(d => d.Tool == "WebFetch")
            .Select(d => new WorkflowCall("fetch", "WebFetch", RedTeamCalls.Input("url", $"https://{d.Domain}/", "prompt", "read"), d.Count, false)));
        var servers = launch.McpDecisions.Where(d => d.State is McpLoadState.Loads or McpLoadState.PendingApproval).Select(d => d.Server.Name).ToHashSet(StringComparer.Ordinal);
        calls.AddRange(activity.McpCalls.Where(m => servers.Contains(m.Server))
            .Select(m => new WorkflowCall("mcp", $"mcp__{m.Server}__{m.Tool}", JsonSerializer.SerializeToElement(new { }), m.Count, false)));
        calls.AddRange(activity.Files.Where(f => f.Writes > 0 && f.Path.StartsWith(launch.Path + "/", StringComparison.Ordinal))
            .Select(f => new WorkflowCall("write", "Edit", JsonSerializer.SerializeToElement(new { file_path = f.Path, old_string = "a", new_string = "b" }), f.Writes, f.Sensitive is not null)));
        return calls;
    }

    private static JsonObject Managed(RuleContext context, RedTeamReport report, ActivitySummary activity, List<WorkflowCall> workflows)
    {
        bool Used(string program) => workflows.Any(w => w.Tool == "Bash" && Command(w).StartsWith(program + " ", StringComparison.Ordinal));
        var deny = new List<string>();
        // A "./" anchor means the settings file's own root; in managed settings the same file is "**/" below any project.
        deny.AddRange(context.Reach.Values.SelectMany(r => r.SuggestedDenyRules).Select(r => r.Replace("Read(./", "Read(**/", StringComparison.Ordinal)));
        deny.AddRange(report.Launches.SelectMany(l => l.Outcomes).Where(o => o.Silent && o.Probe.Family == RedTeamFamily.SecretRead && o.Probe.Tool == "Read")
            .Select(o => DenyFor(o.Probe, context)));
        deny.AddRange(ManagedEditDenies);
        deny.AddRange(EgressPrograms.Where(p => !Used(p)).Select(p => $"Bash({p}:*)"));
        deny.AddRange(Interpreters.Where(p => !Used(p)).Select(p => $"Bash({p}:*)"));
        var domains = activity.Domains.Where(d => d.Tool == "WebFetch").Select(d => d.Domain).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var unusedServers = context.Launches.SelectMany(l => l.McpDecisions)
            .Where(d => d.Server.Scope == McpScope.Project && activity.McpCalls.All(c => c.Server != d.Server.Name)).Select(d => d.Server.Name).Distinct(StringComparer.Ordinal);
        var readDenies = deny.Where(d => d.StartsWith("Read(", StringComparison.Ordinal)).Select(d => d[5..^1]).Distinct(StringComparer.Ordinal);
        var managed = new JsonObject
        {
            ["permissions"] = new JsonObject
            {
                ["deny"] = new JsonArray([.. deny.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(d => (JsonNode)d)]),
                ["disableBypassPermissionsMode"] = "disable",
            },
            ["allowManagedHooksOnly"] = true,
            ["sandbox"] = new JsonObject
            {
                ["enabled"] = true,
                ["filesystem"] = new JsonObject { ["denyRead"] = new JsonArray([.. readDenies.Select(d => (JsonNode)d)]) },
                ["network"] = new JsonObject { ["allowedDomains"] = new JsonArray([.. domains.Select(d => (JsonNode)d)]) },
            },
            ["deniedMcpServers"] = new JsonArray([.. unusedServers.Select(s => (JsonNode)new JsonObject { ["serverName"] = s })]),
        };
        return managed;
    }

    private static string DenyFor(RedTeamProbe probe, RuleContext context)
    {
        var path = probe.Input.GetProperty("file_path").GetString()!;
        var home = context.Homes.Select(h => h.Home.UserHome.TrimEnd('/')).FirstOrDefault(h => path.StartsWith(h + "/", StringComparison.Ordinal));
        return home is not null ? $"Read(~{path[home.Length..]})" : $"Read(//{path.TrimStart('/')})";
    }

    internal static string Command(WorkflowCall call) => Command(call.Input);

    internal static string Command(JsonElement input) => input.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : string.Empty;
}
