using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>A defect one run showed: its class (crash, hang, leak, diagnostic, markup, usage) and what was seen.</summary>
internal sealed record Defect(string Kind, string Verb, string Format, string Class, string Detail);

/// <summary>Judges a finished run: exit code and stack traces, the planted secrets in every output, forbidden text.</summary>
internal static class RunJudge
{
    public static IEnumerable<Defect> Judge(HostileKind kind, HostileMachine m, VerbRun run, CliProcess.Result result)
    {
        Defect D(string @class, string detail) => new(kind.Name, run.Verb, run.Format, @class, detail);
        if (result.TimedOut)
        {
            yield return D("hang", $"no answer within {result.Elapsed.TotalSeconds:F0} s");
            yield break;
        }

        var error = result.Error;
        var trace = error.Contains("Unhandled exception", StringComparison.Ordinal) || error.Contains("\n   at ", StringComparison.Ordinal);
        if (trace || !ExitAllowed(kind, m, run, result.ExitCode))
        {
            yield return D(result.ExitCode == 2 && !trace ? "usage" : "crash", $"exit {result.ExitCode}: {First(error, 400)}");
        }

        var outputs = new List<(string Where, string Text)> { ("stdout", result.Out), ("stderr", error) };
        if (run.OutputFile is not null && File.Exists(run.OutputFile))
        {
            outputs.Add((Path.GetFileName(run.OutputFile), ReadOutput(run.OutputFile)));
        }

        foreach (var defect in Scan(outputs, m.Secrets, kind, run.Format))
        {
            yield return D(defect.Class, defect.Detail);
        }
    }

    /// <summary>The planted secrets and forbidden text in any of the given outputs.</summary>
    public static IEnumerable<(string Class, string Detail)> Scan(IEnumerable<(string Where, string Text)> outputs, IEnumerable<string> secrets,
        HostileKind kind, string format)
    {
        var list = outputs.ToList();
        foreach (var secret in secrets.Distinct(StringComparer.Ordinal))
        {
            var where = list.Where(o => Encodings(secret).Any(e => o.Text.Contains(e, StringComparison.Ordinal))).Select(o => o.Where).ToList();
            if (where.Count > 0)
            {
                yield return ("leak", $"'{secret}' whole in {string.Join(", ", where)}");
            }
        }

        foreach (var text in kind.Forbidden)
        {
            var markup = text.StartsWith('<') || text.Contains("javascript:", StringComparison.Ordinal);
            if (markup && format != "html")
            {
                continue;
            }

            var where = list.Where(o => o.Text.Contains(text, StringComparison.Ordinal)).Select(o => o.Where).ToList();
            if (where.Count > 0)
            {
                yield return (markup ? "markup" : "escape", $"{Printable(text)} raw in {string.Join(", ", where)}");
            }
        }
    }

    /// <summary>Every text a SQLite store holds, table by table (nothing is skipped, blobs are read as UTF-8).</summary>
    public static string DumpStore(string path)
    {
        var text = new StringBuilder();
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetValue(i) switch { byte[] blob => Encoding.UTF8.GetString(blob), var value => value?.ToString() }).Append('\t');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A report file as text; an XLSX (a zip) unzipped, every part.</summary>
    public static string ReadOutput(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
        {
            return Encoding.UTF8.GetString(bytes);
        }

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    public static string Printable(string text) => string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));

    private static bool ExitAllowed(HostileKind kind, HostileMachine m, VerbRun run, int code) => code switch
    {
        0 or 1 => true,
        2 or 3 when kind.StoreUnusable && (run.OpensStore || run.Args.Contains("--store")) => true,
        2 or 3 when kind.StoreUnusable && run.Verb == "fleet report" => true,
        2 when run.Verb == "fleet import" && !File.Exists(m.Snapshot) => true,
        _ => false,
    };

    /// <summary>A secret is whole in an output in any encoding a format applies: raw, JSON-escaped, HTML- or URL-encoded.</summary>
    private static string[] Encodings(string secret) =>
        [secret, System.Text.Json.JsonSerializer.Serialize(secret)[1..^1], System.Net.WebUtility.HtmlEncode(secret), Uri.EscapeDataString(secret)];

    private static string First(string text, int length) => Printable(text.Length <= length ? text : text[..length] + "…");
}
