using System.CommandLine;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit scan</c>: audit this machine (read-only) and print the inventory.</summary>
internal static class ScanCommand
{
    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var format = new Option<string>("--format") { Description = "console or json.", DefaultValueFactory = _ => "console" };
        var output = new Option<string?>("--output") { Description = "Write the output to this file instead of stdout." };
        var command = new Command("scan", "Audit this machine: Claude homes, managed policy, launch directories, effective settings, MCP servers. Reads only; runs nothing it finds.");
        binder.AddTo(command);
        command.Options.Add(format);
        command.Options.Add(output);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outputFormat = parse.GetValue(format);
            if (outputFormat is not ("console" or "json"))
            {
                throw new UsageException($"unknown format '{outputFormat}' (console, json)");
            }

            var options = binder.Bind(parse, context);
            var result = InventoryScanner.Scan(options);
            (options.Progress as TerminalProgress)?.Clear();
            await WriteAsync(context, parse.GetValue(output), outputFormat!, result.Inventory, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(CliContext context, string? outputPath, string format, Inventory inventory, CancellationToken cancellationToken)
    {
        using var file = outputPath is null ? null : new StreamWriter(outputPath);
        var writer = file ?? context.Out;
        if (format == "json")
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(inventory, AuditJson.Options).AsMemory(), cancellationToken);
            return;
        }

        var console = file is null ? context.OutConsole : CliContext.CreateConsole(file);
        InventoryConsoleView.Render(console, inventory);
    }
}
