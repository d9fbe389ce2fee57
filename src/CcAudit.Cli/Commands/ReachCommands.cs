using System.CommandLine;
using CcAudit.Cli.Output;
using CcAudit.Core.Reach;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit reach</c>: what Claude Code started in a directory can read, and which of it is secret.</summary>
internal static class ReachCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var cwd = new Option<string[]>("--cwd") { Description = "A launch directory to analyse (repeatable). Default: every existing launch directory of the inventory, each with its effective settings (all tiers).", Arity = ArgumentArity.ZeroOrMore };
        var machine = new ScanOptionsBinder();
        var settingsFrom = new Option<string?>("--settings-from") { Description = "Read project and local settings (.claude/settings*.json) from this directory instead of each launch directory." };
        var formats = new FormatOptions<ReachReport>(ReachReportWriter.Registry);

        var command = new Command("reach", HelpText.WithExamples(
            "Map what Claude Code can read from each launch directory: secrets, credential stores, infrastructure files, and "
            + "whether it asks first.",
            "ccaudit reach",
            "ccaudit reach --cwd ~/src/app",
            "ccaudit reach --format json --output reach.json"));
        command.Options.Add(cwd);
        machine.AddTo(command);
        command.Options.Add(settingsFrom);
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            var given = parse.GetValue(cwd) ?? [];
            if (given.FirstOrDefault(l => !Directory.Exists(l)) is { } missing)
            {
                await context.Error.WriteLineAsync($"ccaudit: --cwd {missing}: no such directory");
                return (int)ExitCode.Usage;
            }

            var named = given.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).ToList();
            var machineOptions = machine.Bind(parse, context, named);
            var homeDirectory = machineOptions.Homes.Count > 0 ? machineOptions.Homes[0] : context.GetEnv("HOME");
            var settingsDirectory = parse.GetValue(settingsFrom);
            if (settingsDirectory is not null)
            {
                // --home and the other machine options are checked by the shared binder.
                ScanOptionsBinder.RequireDirectory("--settings-from", settingsDirectory);
            }

            var loadDiagnostics = new List<CcAudit.Core.Common.Diagnostic>();
            ReachReport report;

            // Settings read straight from --settings-from have no trust record: counted as trusted, the wider reach.
            PermissionEngineReadPolicy SettingsFrom(string launch)
            {
                var settings = ReachSettingsLoader.Load(settingsDirectory!, homeDirectory);
                loadDiagnostics.AddRange(settings.Diagnostics);
                return new PermissionEngineReadPolicy(launch, homeDirectory ?? launch, settings.Value ?? [], trusted: true);
            }

            if (settingsDirectory is null)
            {
                // Every launch directory the inventory knows, or the named ones, wired exactly as scan --reach wires them.
                var scan = CcAudit.Core.Discovery.InventoryScanner.Scan(machineOptions);
                (machineOptions.Progress as TerminalProgress)?.Clear();
                loadDiagnostics.AddRange(scan.Inventory.Diagnostics);
                var activity = CcAudit.Core.Activity.ActivityReader.Read(scan.Homes.Select(h => h.Home), loadDiagnostics);
                report = CcAudit.Core.Audit.ReachWalk.Walk(scan, activity, named, cancellationToken);
            }
            else
            {
                report = ReachAnalyzer.Analyze(
                    new ReachRequest(given.Length > 0 ? given : [Environment.CurrentDirectory], homeDirectory, SettingsFrom),
                    cancellationToken);
            }

            report = report with { Diagnostics = [.. loadDiagnostics, .. report.Diagnostics] };

            await destination.WriteAsync(context, report, cancellationToken);
            return (int)ExitCode.Ok;
        });
        yield return command;
    }
}
