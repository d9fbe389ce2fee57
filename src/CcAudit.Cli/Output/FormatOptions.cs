using System.CommandLine;
using CcAudit.Core.Common;

namespace CcAudit.Cli.Output;

/// <summary>
/// <c>--format</c>/<c>-f</c>, <c>--output</c>/<c>-o</c> and, for kinds with tables, the table option, built from one
/// <see cref="FormatRegistry{T}"/>: the allowed values and the help text come from the registry, and an unknown value
/// is a parse error (exit 2) on every verb.
/// </summary>
internal sealed class FormatOptions<T>
{
    public FormatOptions(FormatRegistry<T> registry, string tableOption = "--csv-table")
    {
        Registry = registry;
        Format = new Option<string>("--format", "-f") { Description = registry.Help(), DefaultValueFactory = _ => registry.All[0].Name };
        Format.AcceptOnlyFromAmong([.. registry.Names]);
        Output = OutputOption();
        if (registry.Tables.Count > 0)
        {
            Table = new Option<string>(tableOption)
            {
                Description = $"Which table --format csv writes: {string.Join(", ", registry.Tables)}.",
                DefaultValueFactory = _ => registry.DefaultTable!,
            };
            Table.AcceptOnlyFromAmong([.. registry.Tables]);
        }
    }

    public FormatRegistry<T> Registry { get; }

    public Option<string> Format { get; }

    public Option<string?> Output { get; }

    public Option<string>? Table { get; }

    /// <summary>The <c>--output</c>/<c>-o</c> option of every verb that writes a file.</summary>
    public static Option<string?> OutputOption(string description = "Write the report to this file instead of stdout.") =>
        new("--output", "-o") { Description = description };

    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Output);
        if (Table is not null)
        {
            command.Options.Add(Table);
        }
    }

    public ReportDestination<T> Bind(ParseResult parse)
    {
        var name = parse.GetValue(Format);
        var format = Registry.Find(name) ?? throw new UsageException($"unknown --format '{name}' ({string.Join(", ", Registry.Names)})");
        var path = parse.GetValue(Output);
        if (format.IsBinary && path is null)
        {
            throw new UsageException($"--format {format.Name} is binary: name a file with --output");
        }

        return new ReportDestination<T>(format, Table is null ? null : parse.GetValue(Table), path);
    }
}

/// <summary>Where one report goes: its format, the table a single-table format writes, and the file (null: stdout).</summary>
internal sealed record ReportDestination<T>(ReportFormat<T> Format, string? Table, string? Path)
{
    public Task WriteAsync(CliContext context, T report, CancellationToken cancellationToken) =>
        ReportSink.WriteAsync(context, Format, Table, Path, report, cancellationToken);
}
