using System.Text;
using CcAudit.Core.Common;

namespace CcAudit.Cli.Output;

/// <summary>The one place a report reaches stdout or a file: every verb that writes a report goes through here.</summary>
internal static class ReportSink
{
    public static async Task WriteAsync<T>(
        CliContext context, ReportFormat<T> format, string? table, string? path, T report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (path is null)
        {
            await using var buffer = new MemoryStream();
            await format.Write(report, new FormatRequest(table, context.OutIsTerminal), buffer, cancellationToken);
            await context.Out.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
            await context.Out.FlushAsync(cancellationToken);
            return;
        }

        // Written whole to a temporary file first, so a failed writer never leaves a truncated report under the real name.
        var full = System.IO.Path.GetFullPath(path);
        var temporary = full + ".ccaudit-tmp";
        try
        {
            await using (var file = File.Create(temporary))
            {
                await format.Write(report, new FormatRequest(table, false), file, cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        await context.Error.WriteLineAsync($"ccaudit: {format.Name} report written to {path}");
    }
}
