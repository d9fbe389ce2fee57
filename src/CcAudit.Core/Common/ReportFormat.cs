using System.Text;
using System.Text.Json;

namespace CcAudit.Core.Common;

/// <summary>What a caller asks of a writer beyond the report: the table of single-table formats (CSV), and whether the
/// text goes to a terminal.</summary>
/// <param name="Table">The table a single-table format writes; null for its default.</param>
/// <param name="Terminal">True when the output is an interactive terminal (console colour and width).</param>
public sealed record FormatRequest(string? Table = null, bool Terminal = false)
{
    public static FormatRequest Default { get; } = new();
}

/// <summary>One output format of one report kind: its <c>--format</c> name, file extension, whether it is binary
/// (then it needs a file), and the writer.</summary>
public sealed record ReportFormat<T>(
    string Name, string Extension, bool IsBinary, Func<T, FormatRequest, Stream, CancellationToken, Task> Write)
{
    /// <summary>Another name <c>--format</c> accepts for this format (<c>markdown</c> for <c>md</c>).</summary>
    public string? Alias { get; init; }

    /// <summary>A text format whose whole output is one string.</summary>
    public static ReportFormat<T> Text(string name, string extension, Func<T, FormatRequest, string> render) =>
        new(name, extension, false, (report, request, stream, cancellationToken) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(render(report, request)), cancellationToken).AsTask());

    /// <summary>JSON of <paramref name="shape"/> (the report itself, or a view of it), indented, with a final newline.</summary>
    public static ReportFormat<T> Json(Func<T, object?> shape, JsonSerializerOptions? options = null) =>
        Text("json", ".json", (report, _) => JsonSerializer.Serialize(shape(report), options ?? AuditJson.Options) + "\n");
}

/// <summary>
/// Every format of one report kind. The CLI builds its <c>--format</c> values and help text from it, so a format is
/// added in one place and an unknown name is a usage error everywhere.
/// </summary>
public sealed class FormatRegistry<T>
{
    private readonly List<ReportFormat<T>> _formats;

    public FormatRegistry(
        string kind, IEnumerable<ReportFormat<T>> formats, IReadOnlyList<string>? tables = null, string? defaultTable = null)
    {
        Kind = kind;
        _formats = [.. formats];
        Tables = tables ?? [];
        DefaultTable = defaultTable ?? (Tables.Count > 0 ? Tables[0] : null);
        var duplicate = Names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"format '{duplicate.Key}' is registered twice for {kind}", nameof(formats));
        }
    }

    /// <summary>What is reported (<c>audit</c>, <c>activity</c>, <c>reach</c> …), for messages.</summary>
    public string Kind { get; }

    public IReadOnlyList<ReportFormat<T>> All => _formats;

    /// <summary>The tables a single-table format (CSV) can write; empty when there are none.</summary>
    public IReadOnlyList<string> Tables { get; }

    /// <summary>The table a single-table format writes when none is named.</summary>
    public string? DefaultTable { get; }

    /// <summary>Every name <c>--format</c> accepts, aliases included, in registration order.</summary>
    public IReadOnlyList<string> Names => [.. _formats.Select(f => f.Name), .. _formats.Select(f => f.Alias).OfType<string>()];

    public ReportFormat<T>? Find(string? name) => _formats.FirstOrDefault(f => f.Name == name || (f.Alias is not null && f.Alias == name));

    /// <summary>This registry with <paramref name="format"/> first (the CLI's console writer is the default format).</summary>
    public FormatRegistry<T> WithFirst(ReportFormat<T> format) =>
        new(Kind, [format, .. _formats.Where(f => f.Name != format.Name)], Tables, DefaultTable);

    /// <summary>The help text of <c>--format</c>: every name, and which ones need a file.</summary>
    public string Help()
    {
        var binary = _formats.Where(f => f.IsBinary).Select(f => f.Name).ToList();
        var names = string.Join(", ", _formats.Select(f => f.Name));
        return binary.Count == 0 ? $"{names}." : $"{names} ({string.Join(", ", binary)} writes a file: needs --output).";
    }
}
