using System.Globalization;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Activity;

/// <summary>
/// Reads Claude Code's MCP connection logs, <c>~/.cache/claude-cli-nodejs/&lt;slug&gt;/mcp-logs-&lt;server&gt;/&lt;timestamp&gt;.jsonl</c>
/// (one <c>{"debug"|"error", timestamp, sessionId, cwd}</c> record a line). They show which servers actually started and
/// carry each server's stderr, where a server may print a credential: those are scanned and kept redacted only.
/// </summary>
internal static class McpLogReader
{
    private const string DirectoryPrefix = "mcp-logs-";

    public static List<McpLogActivity> Read(IEnumerable<string> userHomes, ActivityOptions options, List<Diagnostic> diagnostics)
    {
        var servers = new Dictionary<string, ServerTotals>(StringComparer.Ordinal);
        var files = userHomes
            .SelectMany(h => LaunchDirectoryCollector.SafeEnumerate(Path.Combine(h, ".cache", "claude-cli-nodejs"), "*.jsonl", SearchOption.AllDirectories, diagnostics))
            .Distinct(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var directory = Path.GetFileName(Path.GetDirectoryName(file)) ?? string.Empty;
            if (!directory.StartsWith(DirectoryPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var server = directory[DirectoryPrefix.Length..];
            var totals = new ServerTotals();
            var faults = new JsonlLineFaults(file, diagnostics);
            JsonlLines.Read(file, options.MaxLineBytes, diagnostics, line =>
            {
                var record = new LogRecord();
                try
                {
                    record = Parse(line.Span);
                }
                catch (JsonException)
                {
                    faults.Rejected(line);
                    return;
                }

                if (options.Includes(record.At, record.Cwd))
                {
                    totals.Add(record);
                }
            });
            faults.Finish();

            if (totals.Lines > 0)
            {
                (servers.TryGetValue(server, out var known) ? known : servers[server] = new ServerTotals()).Merge(totals);
            }
        }

        return [.. servers.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value.Build(s.Key))];
    }

    private static LogRecord Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not an object");
        }

        var record = new LogRecord();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            switch (name)
            {
                case "timestamp":
                    record.At = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
                    break;
                case "cwd":
                    record.Cwd = text;
                    break;
                case "error":
                    record.IsError = true;
                    record.Texts.Add(text ?? string.Empty);
                    break;
                case "debug":
                    record.Texts.Add(text ?? string.Empty);
                    break;
                default:
                    reader.Skip();
                    break;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return record;
    }

    private sealed class LogRecord
    {
        public DateTimeOffset? At { get; set; }

        public string? Cwd { get; set; }

        public bool IsError { get; set; }

        public List<string> Texts { get; } = [];
    }

    private sealed class ServerTotals
    {
        private readonly Dictionary<string, (string Kind, string Redacted, int Occurrences)> _secrets = new(StringComparer.Ordinal);

        public int Files { get; private set; }

        public int Lines { get; private set; }

        public int ErrorLines { get; private set; }

        public DateTimeOffset? First { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        public void Add(LogRecord record)
        {
            // These totals are one file's until merged: the file counts once whatever number of its lines are in scope.
            Files = 1;
            Lines++;
            ErrorLines += record.IsError ? 1 : 0;
            Extend(record.At, record.At);
            foreach (var hit in record.Texts.SelectMany(t => SecretScanner.Scan(t)))
            {
                var (_, _, occurrences) = _secrets.GetValueOrDefault(hit.Secret.Fingerprint);
                _secrets[hit.Secret.Fingerprint] = (hit.Kind.ToString(), hit.Secret.Display, occurrences + 1);
            }
        }

        public void Merge(ServerTotals other)
        {
            Files += other.Files;
            Lines += other.Lines;
            ErrorLines += other.ErrorLines;
            Extend(other.First, other.Last);
            foreach (var (fingerprint, secret) in other._secrets)
            {
                _secrets[fingerprint] = secret with { Occurrences = _secrets.GetValueOrDefault(fingerprint).Occurrences + secret.Occurrences };
            }
        }

        public McpLogActivity Build(string server) => new(server, Files, ErrorLines, First, Last,
            [.. _secrets.OrderBy(s => s.Value.Kind, StringComparer.Ordinal).ThenBy(s => s.Key, StringComparer.Ordinal).Select(s => new McpLogSecret(s.Value.Kind, s.Value.Redacted, s.Key, s.Value.Occurrences))]);

        private void Extend(DateTimeOffset? first, DateTimeOffset? last)
        {
            First = first is not null && (First is null || first < First) ? first : First;
            Last = last is not null && (Last is null || last > Last) ? last : Last;
        }
    }
}
