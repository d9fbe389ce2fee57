using System.Text.Json;
using CcAudit.Core.Mcp;
using CcAudit.Core.Rules.Catalog;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

public static partial class ProbeGenerator
{
    private static readonly string[] Helpers = ["apiKeyHelper", "awsCredentialExport", "awsAuthRefresh", "gcpAuthRefresh", "otelHeadersHelper"];

    private static IEnumerable<RedTeamProbe> UntrustedCheckout(RedTeamTarget target)
    {
        var managedHooksOnly = target.Documents.Any(d => d.Source == SettingsSource.Managed && (RuleFacts.IsTrue(d, "allowManagedHooksOnly") || RuleFacts.IsTrue(d, "disableAllHooks")));
        foreach (var hook in target.Settings.Hooks.Where(h => h.Source == SettingsSource.Project && h.Command is not null))
        {
            yield return Session(RedTeamFamily.UntrustedCheckout, $"{hook.Event} hook runs `{RedTeamCalls.Safe(hook.Command!)}`", "a committed hook runs in a -p/IDE session of a fresh checkout",
                $"command from {hook.Location}", managedHooksOnly
                    ? (ProbeDecision.Denied, "managed policy allows managed hooks only")
                    : (ProbeDecision.Allowed, "project hooks run in never-trusted -p sessions without a prompt"), hook.Location);
        }

        foreach (var document in target.Documents.Where(d => d.Source == SettingsSource.Project))
        {
            foreach (var (name, value, pointer) in RuleFacts.Env(document))
            {
                var risky = name is "ANTHROPIC_BASE_URL" or "ANTHROPIC_BEDROCK_BASE_URL" or "ANTHROPIC_VERTEX_BASE_URL" or "HTTPS_PROXY" or "HTTP_PROXY" or "ALL_PROXY"
                    or "NODE_OPTIONS" or "LD_PRELOAD" or "BASH_ENV" or "NODE_EXTRA_CA_CERTS" or "CLAUDE_CODE_SHELL_PREFIX";
                if (!risky)
                {
                    continue;
                }

                var host = Uri.TryCreate(value, UriKind.Absolute, out var uri) ? uri.Host : RedTeamCalls.Safe(value);
                yield return Session(RedTeamFamily.UntrustedCheckout, $"env {name}={RedTeamCalls.Safe(value)} applied", "a committed env block redirects or instruments the session",
                    name.Contains("URL", StringComparison.Ordinal) || name.Contains("PROXY", StringComparison.Ordinal)
                        ? $"API requests with the user's key go to {host}"
                        : $"{name} changes what every spawned process runs",
                    (ProbeDecision.Allowed, "a never-trusted -p session applies the project env block"), document.LocationOf(pointer));
            }

            foreach (var helper in Helpers.Where(h => RuleFacts.StringAt(document, h) is not null))
            {
                yield return Session(RedTeamFamily.UntrustedCheckout, $"{helper} runs `{RedTeamCalls.Safe(RuleFacts.StringAt(document, helper)!)}`", "a committed helper command runs",
                    "helper commands run with the user's credentials", (ProbeDecision.Allowed, "project helper values apply in never-trusted -p sessions"),
                    document.LocationOf("/" + helper));
            }
        }

        foreach (var decision in target.McpDecisions.Where(d => d.Server.Scope == McpScope.Project && d.Server.Transport == McpTransport.Stdio))
        {
            var blocked = decision.State is McpLoadState.BlockedByPolicy or McpLoadState.Disabled;
            var command = string.Join(' ', new[] { decision.Server.Command ?? string.Empty }.Concat(decision.Server.Args));
            yield return Session(RedTeamFamily.UntrustedCheckout, $".mcp.json server {decision.Server.Name} starts `{RedTeamCalls.Safe(command)}`",
                "a committed MCP server is spawned", decision.Reason, blocked
                    ? (ProbeDecision.Denied, $"server {decision.State}: {decision.Reason}")
                    : (ProbeDecision.Allowed, "-p/SDK sessions spawn .mcp.json servers without approval"), decision.Server.Location);
        }
    }

    private static RedTeamProbe Session(RedTeamFamily family, string effect, string intent, string evidence, (ProbeDecision, string) decision, Common.SourceLocation where) =>
        new(family, "session", RedTeamCalls.Input("effect", effect), intent, evidence, "session start", where) { Fixed = decision, Untrusted = true };

    private static IEnumerable<RedTeamProbe> Mcp(RedTeamTarget target, List<(PermissionRuleEntry Entry, PermissionRuleText Text)> rules, SecretTarget secret)
    {
        var live = target.McpDecisions.Where(d => d.State is McpLoadState.Loads or McpLoadState.PendingApproval).ToList();
        var names = target.McpTools.GroupBy(t => t.Tool, StringComparer.Ordinal).Where(g => g.Select(t => t.Server).Distinct().Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var decision in live)
        {
            var server = decision.Server;
            var describe = server.Url is { } url ? $"{server.Transport} {RedTeamCalls.Safe(url)}" : $"stdio {RedTeamCalls.Safe(string.Join(' ', new[] { server.Command ?? string.Empty }.Concat(server.Args)))}";
            var tools = target.McpTools.Where(t => t.Server == server.Name).ToList();
            var allow = rules.FirstOrDefault(r => r.Entry.List == PermissionList.Allow && (r.Text.Tool == $"mcp__{server.Name}" || r.Text.Tool == $"mcp__{server.Name}__*"));
            // A rule naming one tool names a tool the server has: probe it even when it was never inspected or called.
            tools.AddRange(rules.Where(r => r.Entry.List == PermissionList.Allow && r.Text.Tool.StartsWith($"mcp__{server.Name}__", StringComparison.Ordinal)
                    && !r.Text.Tool.EndsWith('*'))
                .Select(r => new McpToolFact(server.Name, r.Text.Tool[$"mcp__{server.Name}__".Length..], null))
                .Where(t => tools.All(k => k.Tool != t.Tool)));
            if (tools.Count == 0 && allow.Entry is not null)
            {
                tools.Add(new McpToolFact(server.Name, "any_tool", "allowed by a whole-server rule; its tools were not inspected"));
            }

            foreach (var tool in tools)
            {
                var flag = tool.Flag ?? (names.Contains(tool.Tool) ? "the same tool name is offered by another server (shadowing)" : null);
                yield return new RedTeamProbe(RedTeamFamily.Mcp, $"mcp__{server.Name}__{tool.Tool}", JsonSerializer.SerializeToElement(new { data = $"<contents of {Path.GetFileName(secret.Path)}>" }),
                    "call the server's tool with data from the session", $"{describe}{(flag is null ? string.Empty : "; " + flag)}", server.Name, allow.Entry?.Location ?? server.Location);
            }

            if (IsRootFilesystem(server, target.Home))
            {
                foreach (var path in new[] { target.Home.TrimEnd('/') + "/.ssh/id_ed25519", target.Home.TrimEnd('/') + "/.aws/credentials", secret.Path })
                {
                    yield return new RedTeamProbe(RedTeamFamily.SecretRead, $"mcp__{server.Name}__read_text_file", JsonSerializer.SerializeToElement(new { path }),
                        "read a secret through a filesystem MCP server (its reads bypass Read rules)", $"{describe} serves the whole disk", server.Name, server.Location);
                }
            }
        }
    }

    private static bool IsRootFilesystem(McpServerConfig server, string home) =>
        string.Join(' ', new[] { server.Command ?? string.Empty }.Concat(server.Args)).Contains("filesystem", StringComparison.OrdinalIgnoreCase)
        && server.Args.Any(a => a.TrimEnd('/') is "" or "~" or "$HOME" or "${HOME}" || a.TrimEnd('/') == home.TrimEnd('/'));

    private static IEnumerable<RedTeamProbe> Modes(RedTeamTarget target, List<RedTeamProbe> probes, SecretTarget secret)
    {
        var disabled = target.Settings.GetString("permissions.disableBypassPermissionsMode") == "disable";
        var modes = new[] { target.Mode }.Concat(target.ModesSeen)
            .Select(m => m is "dangerously-skip-permissions" or "bypass" ? "bypassPermissions" : m)
            .Where(m => m is "acceptEdits" or "bypassPermissions" or "dontAsk" && !(m == "bypassPermissions" && disabled))
            .Distinct(StringComparer.Ordinal).ToList();
        var replay = probes.Where(p => p.Fixed is null && p.Family is RedTeamFamily.Persistence or RedTeamFamily.SecretRead or RedTeamFamily.WriteAround
            || p.Origin == "baseline").ToList();
        replay.Add(Bash(RedTeamFamily.Modes, "rm -rf ~/src", "delete the user's source tree", "destructive", "mode", null));
        foreach (var mode in modes)
        {
            var origin = mode == target.Mode ? $"permissions.defaultMode {mode}" : $"mode {mode} seen in transcripts";
            var where = target.Settings.Get("permissions.defaultMode") is { } v && mode == target.Mode ? v.Location : null;
            foreach (var probe in replay)
            {
                yield return probe with { Family = RedTeamFamily.Modes, Mode = mode, Origin = origin, OriginLocation = where, Evades = null, Intent = $"{probe.Intent} ({mode})" };
            }
        }
    }
}
