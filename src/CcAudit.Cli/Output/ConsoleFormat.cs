using System.Text;
using CcAudit.Core.Common;
using Spectre.Console;

namespace CcAudit.Cli.Output;

/// <summary>The console view of a report kind as a registered format, so it goes to stdout or <c>--output</c> like any other.</summary>
internal static class ConsoleFormat
{
    public static ReportFormat<T> Create<T>(CliContext context, Action<IAnsiConsole, T> render) =>
        new("console", ".txt", false, async (report, request, stream, cancellationToken) =>
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
            render(context.CreateConsoleFor(writer, request.Terminal), report);
            await writer.FlushAsync(cancellationToken);
        });

    /// <summary><paramref name="registry"/> with the console writer as its first (default) format.</summary>
    public static FormatRegistry<T> With<T>(this FormatRegistry<T> registry, CliContext context, Action<IAnsiConsole, T> render)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.WithFirst(Create(context, render));
    }
}
