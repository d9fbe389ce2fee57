using System.CommandLine;
using CcAudit.Core.Audit;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit scan</c>: audit this machine (read-only) and report in the format asked for.</summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var report = new ReportOptionsBinder(context);
        var reach = new Option<bool>("--reach") { Description = "Also walk every launch directory for reachable secrets, credentials and infrastructure code (slower)." };
        var store = StoreCommands.StoreOption();
        var noStore = new Option<bool>("--no-store") { Description = "Do not save this audit to the store." };
        var snapshotOut = new Option<string?>("--out") { Description = "Also write a portable snapshot file (JSON with content hash, tool version and collector signature) for fleet collection." };
        var signingKey = FleetCommands.SigningKeyOption();
        var connectMcp = new Option<bool>("--connect-mcp") { Description = "Opt-in: connect to every MCP server that would load (stdio servers run sandboxed: loopback-only network, scrubbed env, timeouts) and check what they say." };
        var baseline = new Option<string[]>("--baseline") { Description = "A suppression file (same format as .ccaudit.yml); repeatable.", Arity = ArgumentArity.OneOrMore };
        var baselinePolicy = new Option<string?>("--baseline-policy") { Description = "Compare every launch directory's effective settings with a baseline: strict, recommended, hipaa (Anthropic's published examples) or a team's JSON file." };
        var command = new Command("scan", HelpText.WithExamples(
            "Audit this machine: Claude homes, managed policy, launch directories, effective settings, MCP servers, and the rule "
            + "catalog over all of it. Reads only; runs nothing it finds.",
            "ccaudit scan",
            "ccaudit scan --format html --output audit.html",
            "ccaudit scan --home /mnt/copy/home/dev --path-map /home/dev=/mnt/copy/home/dev --fail-on high"));
        binder.AddTo(command);
        report.AddTo(command);
        command.Options.Add(reach);
        command.Options.Add(baseline);
        command.Options.Add(baselinePolicy);
        command.Options.Add(store);
        command.Options.Add(noStore);
        command.Options.Add(connectMcp);
        command.Options.Add(snapshotOut);
        command.Options.Add(signingKey);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = report.Bind(parse);
            var options = binder.Bind(parse, context);
            ScanOptionsBinder.RequireFiles("--baseline", parse.GetValue(baseline) ?? []);
            await using var opened = parse.GetValue(noStore) ? null : await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var auditOptions = new AuditOptions(parse.GetValue(reach), parse.GetValue(baseline) ?? [], parse.GetValue(connectMcp) ? new Core.Mcp.Inspection.McpInspectionOptions() : null)
            {
                Pins = opened,
                Baseline = LoadBaseline(parse.GetValue(baselinePolicy), context),
                BeforeLaunch = line => context.Error.WriteLine($"ccaudit: {line}"),
            };
            var (_, audit) = await Auditor.RunAsync(options, auditOptions, cancellationToken: cancellationToken);
            (options.Progress as TerminalProgress)?.Clear();
            if (opened is not null)
            {
                var saved = await opened.SaveAsync(audit, cancellationToken);
                await context.Error.WriteLineAsync($"ccaudit: audit saved as snapshot #{saved.Id} in {StoreLocator.Describe(parse.GetValue(store), context.Environment)}");
            }

            if (parse.GetValue(snapshotOut) is { } snapshotPath)
            {
                using var key = await FleetCommands.OpenSigningKeyAsync(context, parse.GetValue(signingKey));
                await SnapshotFile.WriteAsync(audit, snapshotPath, key, cancellationToken);
                await context.Error.WriteLineAsync($"ccaudit: snapshot file written to {snapshotPath}, signed by collector key {key.Fingerprint}");
            }

            return await output.WriteAsync(context, audit, cancellationToken);
        });
        return command;
    }

    /// <summary>A published baseline by name or a team's file; a missing or unreadable one is a usage error (exit 2).</summary>
    private static Core.Settings.BaselinePolicy? LoadBaseline(string? nameOrPath, CliContext context)
    {
        if (nameOrPath is null)
        {
            return null;
        }

        if (!Core.Settings.BaselinePolicy.Published.Contains(nameOrPath, StringComparer.Ordinal) && !File.Exists(nameOrPath))
        {
            throw new UsageException($"--baseline-policy: no published baseline or file named {nameOrPath} (strict, recommended, hipaa or a JSON file)");
        }

        var loaded = Core.Settings.BaselinePolicy.Load(nameOrPath);
        foreach (var diagnostic in loaded.Diagnostics)
        {
            context.Error.WriteLine($"ccaudit: {diagnostic}");
        }

        return loaded.Value ?? throw new UsageException($"--baseline-policy: {nameOrPath} is not a baseline (a JSON object of settings)");
    }
}
