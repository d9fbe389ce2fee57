using CcAudit.Core.Activity;

namespace CcAudit.Core.Monitoring;

/// <summary>
/// The transcripts' side of the join: each session's launch directory and span, and each tool call as a
/// <see cref="MonitorCall"/>, keyed by the same session id telemetry carries (<c>session.id</c> = transcript <c>sessionId</c>).
/// </summary>
public sealed record TranscriptSide(IReadOnlyList<MonitorCall> Calls, IReadOnlyDictionary<string, (string Cwd, DateTimeOffset First, DateTimeOffset Last)> Sessions)
{
    /// <summary>Each session's tokens and prompts, as the transcripts record them.</summary>
    public IReadOnlyDictionary<string, TranscriptUsage> Usage { get; init; } =
        new Dictionary<string, TranscriptUsage>(StringComparer.Ordinal);

    /// <summary>Reads every transcript under <c>projects/</c> of each Claude config directory (read only; nothing is run).</summary>
    public static TranscriptSide Read(IEnumerable<string> configDirectories, DateTimeOffset? since = null, DateTimeOffset? until = null)
    {
        ArgumentNullException.ThrowIfNull(configDirectories);
        // An unreadable directory is skipped with a diagnostic, as the scan does, never the end of the report.
        var diagnostics = new List<Common.Diagnostic>();
        var files = configDirectories.Select(d => Path.Combine(d, "projects")).Where(Directory.Exists)
            .SelectMany(d => Transcripts(d, diagnostics))
            .Order(StringComparer.Ordinal).ToList();
        var calls = new List<MonitorCall>();
        var sessions = new Dictionary<string, (string Cwd, DateTimeOffset First, DateTimeOffset Last)>(StringComparer.Ordinal);
        var usage = new Dictionary<string, TranscriptUsage>(StringComparer.Ordinal);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var facts = TranscriptParser.Parse(file, ActivityOptions.All);
            // A response split over several lines (one per content block) repeats its usage. ccusage, and activity after
            // it, count it once only when the line also has a requestId; telemetry reports each API request once, so the
            // join counts each message id once, with or without one.
            var responses = facts.Usage.Where(u => u.Session is not null && (u.MessageId ?? u.Key) is var key
                && (key is null || counted.Add(key)));
            foreach (var u in responses)
            {
                var had = usage.GetValueOrDefault(u.Session!) ?? TranscriptUsage.None;
                usage[u.Session!] = had with
                {
                    InputTokens = had.InputTokens + u.Tokens.Input,
                    OutputTokens = had.OutputTokens + u.Tokens.Output,
                    CacheReadTokens = had.CacheReadTokens + u.Tokens.CacheRead,
                };
            }

            foreach (var prompt in facts.Prompts.Where(p => p.Session is not null))
            {
                var had = usage.GetValueOrDefault(prompt.Session!) ?? TranscriptUsage.None;
                usage[prompt.Session!] = had with { Prompts = had.Prompts + 1 };
            }

            foreach (var (id, session) in facts.Sessions)
            {
                if (session.First is { } first && (since is null || first >= since) && (until is null || first < until))
                {
                    sessions[id] = (session.Cwd ?? "(unknown)", first, session.Last ?? first);
                }
            }

            // Denied, rejected by a person, auto-rejected or interrupted: everything but an allow kept the call from running.
            var denied = facts.Decisions
                .Where(d => d.ToolUseId is not null && !d.Kind.ToString().StartsWith("Allowed", StringComparison.Ordinal))
                .Select(d => d.ToolUseId!).ToHashSet(StringComparer.Ordinal);
            foreach (var use in facts.ToolUses.Where(u => u.Session is not null && sessions.ContainsKey(u.Session)))
            {
                var ran = use.Id is null || !denied.Contains(use.Id);
                calls.Add(new MonitorCall(use.At ?? sessions[use.Session!].First, use.Session!, use.Name, Common.Redaction.ScrubOrNull(use.Command?.Normalised), Common.Redaction.ScrubOrNull(use.FilePath), ran ? "accept" : "reject",
                    "transcript", null, ran, MonitorFacts.Transcript)
                {
                    Categories = use.Command?.Categories ?? [],
                });
            }
        }

        return new TranscriptSide(calls, sessions)
        {
            Usage = usage.Where(u => sessions.ContainsKey(u.Key)).ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal),
            Diagnostics = diagnostics,
        };
    }

    private static List<string> Transcripts(string directory, List<Common.Diagnostic> diagnostics)
    {
        try
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
            return [.. Directory.EnumerateFiles(directory, "*.jsonl", options)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Common.Diagnostic.Error(Common.DiagnosticCodes.DirectoryUnreadable, $"cannot list directory: {ex.Message}", new Common.SourceLocation(directory)));
            return [];
        }
    }

    /// <summary>Transcript directories that could not be read.</summary>
    public IReadOnlyList<Common.Diagnostic> Diagnostics { get; init; } = [];
}
