using System.CommandLine;
using System.Text.Json;
using CcAudit.Cli.Output;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Settings;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit settings show --cwd DIR</c>: the effective settings of a launch directory, with the origin of each value.</summary>
internal static class SettingsCommands
{
    public static Command Create(CliContext context)
    {
        var settings = new Command("settings", "Effective Claude Code settings per launch directory.");
        var binder = new ScanOptionsBinder();
        var cwd = new Option<string>("--cwd") { Description = "The launch directory.", Required = true };
        var formats = new FormatOptions<LaunchContext>(
            new FormatRegistry<LaunchContext>("settings", [ReportFormat<LaunchContext>.Json(ToJson)]).With<LaunchContext>(context, Render));
        var show = new Command("show", "Show every effective value, permission rule and hook with the tier and file:line it comes from.") { cwd };
        binder.AddTo(show);
        formats.AddTo(show);
        show.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);

            var directory = Path.GetFullPath(parse.GetValue(cwd)!);
            var options = binder.Bind(parse, context, [directory]);
            var result = InventoryScanner.Scan(options);
            (options.Progress as TerminalProgress)?.Clear();
            var launch = result.Launches.FirstOrDefault(l => l.Path == directory.TrimEnd('/'))
                ?? throw new UsageException($"no launch directory {directory}");
            foreach (var diagnostic in result.Inventory.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Info))
            {
                await context.Error.WriteLineAsync(diagnostic.ToString());
            }

            await destination.WriteAsync(context, launch, cancellationToken);

            return (int)ExitCode.Ok;
        });
        settings.Subcommands.Add(show);
        settings.Subcommands.Add(KeysCommand(context));
        return settings;
    }

    private static readonly FormatRegistry<IReadOnlyList<SettingsKeyInfo>> KeyFormats = new("settings keys",
    [
        ReportFormat<IReadOnlyList<SettingsKeyInfo>>.Json(all => all),
        ReportFormat<IReadOnlyList<SettingsKeyInfo>>.Text("md", ".md", (_, _) => SettingsKeyCatalog.CoverageTable()) with { Alias = "markdown" },
    ]);

    /// <summary><c>settings keys</c>: the settings-keys list (md: the README coverage table), or the keys a binary's schema holds.</summary>
    private static Command KeysCommand(CliContext context)
    {
        var formats = new FormatOptions<IReadOnlyList<SettingsKeyInfo>>(KeyFormats.With<IReadOnlyList<SettingsKeyInfo>>(context, RenderKeys));
        var binary = new Option<string?>("--binary") { Description = "Instead: print the settings keys extracted from this Claude Code binary (read, never run)." };
        var keys = new Command("keys", "Every settings key of Claude Code 2.1.328: the tiers it is read from and the rules that audit it (md: the README coverage table).") { binary };
        formats.AddTo(keys);
        keys.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            if (parse.GetValue(binary) is not { } path)
            {
                await destination.WriteAsync(context, SettingsKeyCatalog.All, cancellationToken);
                return (int)ExitCode.Ok;
            }

            if (!File.Exists(path))
            {
                throw new UsageException($"no such file: {path}");
            }

            var (found, diagnostics) = BinarySettingsSchema.Read(path);
            foreach (var diagnostic in diagnostics)
            {
                await context.Error.WriteLineAsync(diagnostic.ToString());
            }

            await context.Out.WriteAsync(string.Concat(found.Select(k => k + "\n")).AsMemory(), cancellationToken);
            return (int)(diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) ? ExitCode.Failure : ExitCode.Ok);
        });
        return keys;
    }

    private static void RenderKeys(IAnsiConsole console, IReadOnlyList<SettingsKeyInfo> all)
    {
        var table = new Table().AddColumns("key", "read from", "audited", "rules");
        foreach (var key in all)
        {
            table.AddRow(new Text(key.Key), new Text(string.Join(", ", key.Tiers)), new Text(key.Audited ? "yes" : "no"), new Text(string.Join(' ', key.Rules)));
        }

        console.Write(table);
    }

    private static object ToJson(LaunchContext launch) => new
    {
        cwd = launch.Path,
        home = launch.Home.ConfigDir,
        gitRoot = launch.GitRoot,
        trusted = launch.Trusted,
        sources = launch.Settings.Documents.Select(d => new { tier = d.Source.ShortName(), path = d.Path }),
        values = launch.Settings.Values.Values.OrderBy(v => v.Path, StringComparer.Ordinal).Select(v => new
        {
            path = v.Path,
            value = SettingsDisplay.Render(v.Path, v.Value),
            tier = v.Source.ShortName(),
            location = v.Location,
            overridden = v.Overridden,
        }),
        permissions = launch.Settings.PermissionRules.Select(r => new { rule = r.Rule, list = r.List, tier = r.Source.ShortName(), location = r.Location, applied = r.Applied, ignoredBecause = r.IgnoredBecause }),
        hooks = launch.Settings.Hooks.Select(h => new { @event = h.Event, matcher = h.Matcher, type = h.Type, command = h.Command, tier = h.Source.ShortName(), location = h.Location }),
        mcpServers = launch.McpDecisions.Select(d => new { name = d.Server.Name, scope = d.Server.Scope, state = d.State, reason = d.Reason, location = d.Server.Location }),
    };

    private static void Render(IAnsiConsole console, LaunchContext launch)
    {
        console.Write(Cells.Text($"Effective settings for {launch.Path} (home {launch.Home.ConfigDir}; {(launch.Trusted ? "trusted" : "NOT trusted")}{(launch.GitRoot is null ? string.Empty : "; git root " + launch.GitRoot)})\n"));
        var sources = new Table().Title("Settings files, highest precedence first").AddColumns("tier", "file");
        foreach (var document in launch.Settings.Documents)
        {
            sources.AddRow(Cells.Text(document.Source.ShortName()), Cells.Text(document.Path ?? "(inline)"));
        }

        console.Write(sources);
        var values = new Table().Title("Values").AddColumns("setting", "value", "from", "overrides");
        foreach (var value in launch.Settings.Values.Values.OrderBy(v => v.Path, StringComparer.Ordinal))
        {
            values.AddRow(Cells.Text(value.Path), Cells.Text(SettingsDisplay.Render(value.Path, value.Value)), Cells.Text($"{value.Source.ShortName()} {value.Location}"), Cells.Text(string.Join("\n", value.Overridden)));
        }

        console.Write(values);
        var rules = new Table().Title("Permission rules (deny > ask > allow across all tiers)").AddColumns("list", "rule", "from", "applied");
        foreach (var rule in launch.Settings.PermissionRules.OrderBy(r => r.List).ThenBy(r => r.Source))
        {
            rules.AddRow(Cells.Text(rule.List.ToString().ToLowerInvariant()), Cells.Text(rule.Rule), Cells.Text($"{rule.Source.ShortName()} {rule.Location}"), Cells.Text(rule.Applied ? "yes" : "no: " + rule.IgnoredBecause));
        }

        console.Write(rules);
        if (launch.Settings.Hooks.Count > 0)
        {
            var hooks = new Table().Title("Hooks (never run by ccaudit)").AddColumns("event", "matcher", "type", "command / url", "from");
            foreach (var hook in launch.Settings.Hooks)
            {
                hooks.AddRow(Cells.Text(hook.Event), Cells.Text(hook.Matcher ?? "*"), Cells.Text(hook.Type), Cells.Text(hook.Command ?? string.Empty), Cells.Text($"{hook.Source.ShortName()} {hook.Location}"));
            }

            console.Write(hooks);
        }

        var servers = new Table().Title("MCP servers").AddColumns("name", "scope", "state", "why");
        foreach (var decision in launch.McpDecisions)
        {
            servers.AddRow(Cells.Text(decision.Server.Name), Cells.Text(decision.Server.Scope.ToString().ToLowerInvariant()), Cells.Text(decision.State.ToString()), Cells.Text(decision.Reason));
        }

        console.Write(servers);
    }
}
