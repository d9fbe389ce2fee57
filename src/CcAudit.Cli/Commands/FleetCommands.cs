using System.CommandLine;
using CcAudit.Cli.Output;
using CcAudit.Core.Common;
using CcAudit.Core.Store;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit fleet import</c> and <c>ccaudit fleet report</c>: many machines' audits in one store.</summary>
internal static class FleetCommands
{
    public static Command Create(CliContext context)
    {
        var fleet = new Command("fleet", "Collect snapshot files from many machines and report across them.");
        fleet.Subcommands.Add(Import(context));
        fleet.Subcommands.Add(Report(context));
        fleet.Subcommands.Add(PublicKey(context));
        return fleet;
    }

    public static Option<string?> SigningKeyOption() => new("--signing-key")
    {
        Description = "Collector key (PEM, ECDSA P-256) that signs snapshot files (default: collector-key.pem in the user's data directory, created 0600 on first use).",
    };

    /// <summary>The named key (which must exist), or the default one, created on first use; only its fingerprint is ever printed.</summary>
    public static async Task<CollectorKey> OpenSigningKeyAsync(CliContext context, string? path)
    {
        if (path is not null)
        {
            ScanOptionsBinder.RequireFiles("--signing-key", [path]);
        }

        var location = path ?? CollectorKey.DefaultPath(context.Environment);
        var created = !File.Exists(location);
        try
        {
            var key = CollectorKey.LoadOrCreate(location, create: path is null);
            if (created)
            {
                await context.Error.WriteLineAsync($"ccaudit: created collector key {location} (mode 0600); trust it on the importer with `ccaudit fleet public-key`");
            }

            return key;
        }
        catch (InvalidDataException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static Command PublicKey(CliContext context)
    {
        var signingKey = SigningKeyOption();
        var command = new Command("public-key", "Print the collector key's public key (PEM) for an importer's --trusted-keys; its fingerprint goes to stderr.") { signingKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var key = await OpenSigningKeyAsync(context, parse.GetValue(signingKey));
            await context.Out.WriteLineAsync(key.PublicKeyPem);
            await context.Error.WriteLineAsync($"ccaudit: fingerprint {key.Fingerprint}");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static Command Import(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Snapshot files (from `ccaudit scan --out FILE`) or directories of them.", Arity = ArgumentArity.OneOrMore };
        var store = StoreCommands.StoreOption();
        var trusted = new Option<string[]>("--trusted-keys")
        {
            Description = "Public keys (PEM files, or directories of *.pem) of the collectors whose signed snapshots are accepted; repeatable.",
            Arity = ArgumentArity.OneOrMore,
        };
        var allowUnsigned = new Option<bool>("--allow-unsigned") { Description = "Also import unsigned (legacy) snapshot files; each is reported as unsigned." };
        var command = new Command("import", "Import snapshot files into the store: idempotent by content hash; corrupt, tampered, unsigned or untrusted files are rejected whole.")
        {
            paths, store, trusted, allowUnsigned,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var trust = LoadTrust(parse.GetValue(trusted) ?? [], parse.GetValue(allowUnsigned));
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var outcomes = await FleetImporter.ImportAsync(opened, parse.GetValue(paths)!, trust, context.ErrorIsTerminal ? new TerminalProgress(context.Error) : null, cancellationToken);
            foreach (var outcome in outcomes)
            {
                await context.Out.WriteLineAsync(outcome.Problem is not null ? $"{outcome.Result,-16} {outcome.Path}: {outcome.Problem.Message}"
                    : $"{outcome.Result,-16} #{outcome.SnapshotId} {outcome.Path} ({(outcome.Signer is null ? "UNSIGNED, allowed by --allow-unsigned" : "signed by " + outcome.Signer)})");
            }

            var rejected = outcomes.Count(o => o.Result == FleetImporter.Rejected);
            var unsigned = outcomes.Count(o => o.Result != FleetImporter.Rejected && o.Signer is null);
            await context.Error.WriteLineAsync($"ccaudit: {outcomes.Count(o => o.Result == FleetImporter.Imported)} imported, {outcomes.Count(o => o.Result == FleetImporter.AlreadyPresent)} already present, {rejected} rejected, {unsigned} unsigned");
            return rejected == 0 ? (int)ExitCode.Ok : (int)ExitCode.Failure;
        });
        return command;
    }

    private static SnapshotTrust LoadTrust(string[] paths, bool allowUnsigned)
    {
        foreach (var path in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new UsageException($"--trusted-keys names a file that does not exist: {Path.GetFullPath(path)}");
        }

        var trust = SnapshotTrust.Load(paths, allowUnsigned);
        return trust.Value ?? throw new UsageException(string.Join("; ", trust.Diagnostics.Select(d => $"{d.Location?.Path}: {d.Message}")));
    }

    private static Command Report(CliContext context)
    {
        var store = StoreCommands.StoreOption();
        var formats = new FormatOptions<FleetReport>(FleetFormats.Registry.With<FleetReport>(context, Render), "--table");
        var command = new Command("report", "Answer the inventory questions for the whole fleet: machines and users, repositories, settings per tier, MCP servers, riskiest rules, machines without managed policy.") { store };
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            await using var opened = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var report = await FleetReportBuilder.BuildAsync(opened, cancellationToken);
            await destination.WriteAsync(context, report, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, FleetReport report)
    {
        console.Write(new Rule(Markup.Escape(FleetFormats.Title(report))));
        foreach (var data in report.Tables)
        {
            var table = new Table().Title($"{data.Name} ({data.Rows.Count})");
            foreach (var header in data.Header)
            {
                table.AddColumn(new TableColumn(Cells.Text(header)));
            }

            foreach (var row in data.Rows.Take(50))
            {
                table.AddRow([.. row.Select(v => (Spectre.Console.Rendering.IRenderable)Cells.Text(v))]);
            }

            console.Write(table);
        }
    }
}
