using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary>The console summary of an audit. Every string from a config is rendered as plain text, never as markup.</summary>
internal static class ReportConsoleView
{
    public static void Render(IAnsiConsole console, AuditReport report)
    {
        RenderInventory(console, report.Inventory);
        RenderFindings(console, report);
        RenderActivity(console, report.Activity);
        RenderBlindSpots(console, report.Diagnostics);
        RenderMissingLaunches(console, report);
    }

    /// <summary>What a reviewer looks at first in the activity: risky commands, anomalies and exposed secrets (redacted).</summary>
    private static void RenderActivity(IAnsiConsole console, Core.Activity.ActivitySummary activity)
    {
        var risky = activity.Commands.Where(c => c.Categories.Count > 0).ToList();
        if (risky.Count == 0 && activity.Anomalies.Count == 0 && activity.SecretsInToolResults.Count == 0)
        {
            return;
        }

        console.Write(new Rule($"What Claude Code did: {N(risky.Count)} risky command(s), {N(activity.Anomalies.Count)} anomal(y/ies), {N(activity.SecretsInToolResults.Count)} secret(s) in tool output"));
        foreach (var command in risky.Take(20))
        {
            console.Write(Plain($"{string.Join(',', command.Categories),-40} {N(command.Count)}x{(command.Blocked > 0 ? $" ({N(command.Blocked)} blocked)" : string.Empty)} {command.Command}\n"));
        }

        foreach (var anomaly in activity.Anomalies.Take(20))
        {
            console.Write(Plain($"{anomaly.Kind,-40} {anomaly.LaunchDirectory}: {anomaly.Message}\n"));
        }

        foreach (var secret in activity.SecretsInToolResults.Take(20))
        {
            console.Write(Plain($"{secret.Kind,-40} {secret.Redacted} (sha256:{secret.Fingerprint}) from {secret.Tool} in {N(secret.Sessions)} session(s)\n"));
        }

        if (risky.Count > 20 || activity.Anomalies.Count > 20 || activity.SecretsInToolResults.Count > 20)
        {
            console.Write(Plain("… more with ccaudit activity or --format md\n"));
        }
    }

    private static void RenderInventory(IAnsiConsole console, Inventory inventory)
    {
        console.Write(new Rule($"ccaudit inventory of {Markup.Escape(inventory.Machine.Hostname)} ({inventory.GeneratedAt:yyyy-MM-dd HH:mm}Z)"));

        var homes = new Table().Title("Claude homes").AddColumns("config dir", "found by", "settings", "credentials", "transcripts", "plugins");
        foreach (var home in inventory.Homes)
        {
            homes.AddRow(
                Plain(home.ConfigDir + (home.Exists ? string.Empty : " (absent)")),
                Plain(home.Origin),
                Plain(home.Files.Any(f => f.Kind == "user-settings" && f.Exists) ? "yes" : "no"),
                Plain(home.CredentialsPresent ? $"present (mode {home.CredentialsMode})" : home.PrimaryApiKey is not null ? "primaryApiKey in global config" : "none found"),
                Plain($"{home.Transcripts} ({home.TranscriptBytes / 1024:N0} KiB)"),
                Plain(home.Plugins.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(homes);
        foreach (var home in inventory.Homes.Where(h => h.Retention is { } r && (r.Orphans.Count > 0 || r.LastCleanup is not null)))
        {
            var r = home.Retention!;
            console.Write(Cells.Text($"Retention in {home.ConfigDir}: cleanupPeriodDays {r.CleanupPeriodDays} ({r.Tier})" +
                (r.LastCleanup is { } at ? $", last sweep {at:yyyy-MM-dd} (sessions before {r.SweptBefore:yyyy-MM-dd} gone)"
                    : string.Empty) +
                $", {r.Orphans.Count} session(s) whose transcript is gone\n"));
        }
        console.Write(Cells.Text(inventory.Managed.Present
            ? $"Managed policy: present in {inventory.Managed.Directory} ({inventory.Managed.Files.Count} file(s), {inventory.Managed.Composition}{(inventory.Managed.McpExclusive ? ", managed-mcp.json exclusive" : string.Empty)})\n"
            : $"Managed policy: none in {inventory.Managed.Directory}\n"));

        var launches = new Table().Title("Launch directories").AddColumns("directory", "home", "trusted", "settings files", "mode", "allow/ask/deny", "hooks", "MCP");
        foreach (var launch in inventory.LaunchDirectories)
        {
            var tiers = string.Join(", ", launch.Files.Where(f => f.Kind.EndsWith("-settings", StringComparison.Ordinal) && f.Exists).Select(f => f.Kind.Replace("-settings", string.Empty, StringComparison.Ordinal)));
            launches.AddRow(
                Plain(launch.Path + (launch.Exists ? string.Empty : " (missing)")),
                Plain(launch.Home),
                Plain(launch.Trusted ? "yes" : "no"),
                Plain(tiers.Length == 0 ? "-" : tiers),
                Plain(launch.DefaultMode ?? "-"),
                Plain($"{launch.AllowRules}/{launch.AskRules}/{launch.DenyRules}" + (launch.IgnoredRules > 0 ? $" (+{launch.IgnoredRules} ignored)" : string.Empty)),
                Plain(launch.Hooks.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Plain(launch.McpServers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        console.Write(launches);

        var plugins = new Table().Title("Plugins and mods").AddColumns("plugin", "origin", "marketplace", "brings", "enabled by");
        foreach (var p in inventory.Plugins.Where(p => p.Origin != "builtin"))
        {
            plugins.AddRow(Plain(p.Id), Plain(p.Origin), Plain((p.MarketplaceSource
                ?? "not known") + (p.Official == false ? " (unofficial)" : string.Empty)), Plain(p.Components.Summary()),
                Plain(p.EnabledBy.Count == 0 ? "-" : string.Join("; ", p.EnabledBy.Select(e => $"{(e.Enabled ? "on" : "off")} {e.Tier}"))));
        }

        if (plugins.Rows.Count > 0)
        {
            console.Write(plugins);
        }

        var builtins = inventory.Plugins.Where(p => p.Origin == "builtin").ToList();
        console.Write(Cells.Text(
            $"Built-in plugins: {builtins.Count} in the binary ({builtins.Count(p => p.Components.Modules.Count > 0)} " +
            "with a hooks module)\n"));

        var servers = new Table().Title("MCP servers").AddColumns("name", "scope", "transport", "command / URL", "tokens", "loads");
        foreach (var server in inventory.McpServers.OrderBy(s => s.Scope, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal))
        {
            servers.AddRow(
                Plain(server.Name),
                Plain(server.Scope),
                Plain(server.Transport),
                Plain(server.Command ?? server.Url ?? string.Empty),
                Plain(server.Tokens.Count == 0 ? "-" : string.Join(", ", server.Tokens.Select(t => $"{t.Where} {t.Name}: {t.Value.Display}"))),
                Plain(server.LoadState ?? "everywhere"));
        }

        console.Write(servers);
    }

    private static void RenderFindings(IAnsiConsole console, AuditReport report)
    {
        var steps = new Table().Title("Verdict by audit step").AddColumns("step", "verdict", "critical", "high", "medium", "low", "notes");
        foreach (var step in report.Steps)
        {
            steps.AddRow(Plain($"{(int)step.Step}. {step.Name}"), Plain(step.Verdict), Plain(N(step.Critical)), Plain(N(step.High)), Plain(N(step.Medium)), Plain(N(step.Low)), Plain(step.Notes));
        }

        console.Write(steps);
        foreach (var group in report.Findings.GroupBy(f => f.Step).OrderBy(g => g.Key))
        {
            console.Write(new Rule($"Step {(int)group.Key}: {RuleDocs.StepName(group.Key)} ({group.Count()} finding(s))"));
            foreach (var finding in group)
            {
                console.Write(Plain($"{finding.Severity.ToString().ToUpperInvariant(),-8} {finding.RuleId} {finding.Message}\n"));
                if (finding.Location is not null)
                {
                    console.Write(Plain($"         at {finding.Location}\n"));
                }

                foreach (var related in finding.Related)
                {
                    console.Write(Plain($"         see {related}\n"));
                }

                var rule = report.Rules.FirstOrDefault(r => r.Id == finding.RuleId);
                if (rule is not null)
                {
                    console.Write(Plain($"         fix: {rule.Remediation}\n"));
                }
            }
        }

        RenderSuppressed(console, report.Suppressed);
    }

    /// <summary>Accepted risks are shown, not hidden: who accepted each one (the repository itself or an outside baseline), why and until when.</summary>
    private static void RenderSuppressed(IAnsiConsole console, IReadOnlyList<SuppressedFinding> suppressed)
    {
        if (suppressed.Count == 0)
        {
            return;
        }

        var byRepository = suppressed.Count(s => s.ByRepository);
        console.Write(new Rule($"{suppressed.Count} finding(s) suppressed{(byRepository > 0 ? $", {byRepository} by the repository's own file" : string.Empty)}"));
        foreach (var s in suppressed)
        {
            var until = s.Expires is { } e ? $" until {e:yyyy-MM-dd}" : string.Empty;
            console.Write(Plain($"{s.Finding.Severity.ToString().ToUpperInvariant(),-8} {s.Finding.RuleId} {s.Finding.Message}\n"));
            console.Write(Plain($"         suppressed{(s.ByRepository ? " by the repository" : string.Empty)}{until}: {s.Reason} ({s.SuppressionSource})\n"));
        }
    }

    private static void RenderBlindSpots(IAnsiConsole console, IReadOnlyList<Diagnostic> diagnostics)
    {
        var blind = diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info).ToList();
        console.Write(new Rule(blind.Count == 0 ? "Every file found was read" : $"{blind.Count} place(s) the scan could not fully see"));
        foreach (var diagnostic in blind.Take(50))
        {
            console.Write(Cells.Text($"{diagnostic}\n"));
        }

        if (blind.Count > 50)
        {
            console.Write(Cells.Text($"… and {blind.Count - 50} more (see --format json)\n"));
        }
    }

    private static void RenderMissingLaunches(IAnsiConsole console, AuditReport report)
    {
        var missing = report.Inventory.LaunchDirectories.Where(l => !l.Exists).ToList();
        if (missing.Count > 0)
        {
            console.Write(Cells.Text($"{AuditReportBuilder.PathMapHint(missing.Count)} (first: {missing[0].Path})\n"));
        }
    }

    private static Text Plain(string text) => Cells.Text(text);

    private static string N(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
