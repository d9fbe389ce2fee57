using System.Globalization;
using CcAudit.Core.Activity;

namespace CcAudit.Core.Monitoring;

/// <summary>
/// Joins transcripts and telemetry per session into <see cref="SessionAgreement"/> rows (the row is Activity's, so the
/// activity report can carry it without depending on monitoring).
/// </summary>
public static class SessionJoin
{
    /// <summary>
    /// Compares every session either side knows, joined on the session id (telemetry <c>session.id</c> = transcript <c>sessionId</c>).
    /// </summary>
    public static IReadOnlyList<SessionAgreement> Compare(TranscriptSide transcripts, IReadOnlyList<TelemetryEvent> events)
    {
        ArgumentNullException.ThrowIfNull(transcripts);
        ArgumentNullException.ThrowIfNull(events);
        var telemetryCalls = MonitorFacts.From(events).Calls.ToLookup(c => c.Session, StringComparer.Ordinal);
        var transcriptCalls = transcripts.Calls.ToLookup(c => c.Session, StringComparer.Ordinal);
        var telemetrySessions = events.Where(e => e.SessionId is not null).GroupBy(e => e.SessionId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var ids = transcripts.Sessions.Keys.Union(telemetrySessions.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var result = new List<SessionAgreement>();
        foreach (var id in ids)
        {
            var seen = (transcripts.Sessions.ContainsKey(id), telemetrySessions.ContainsKey(id)) switch
            {
                (true, true) => SessionAgreement.Both,
                (true, false) => MonitorFacts.Transcript,
                _ => MonitorFacts.Telemetry,
            };
            var mine = telemetrySessions.GetValueOrDefault(id) ?? [];
            var requests = mine.Where(e => e.Name == "api_request").ToList();
            var usage = transcripts.Usage.GetValueOrDefault(id) ?? TranscriptUsage.None;
            var transcriptCommands = Commands(transcriptCalls[id]);
            var telemetryCommands = Commands(telemetryCalls[id]);
            result.Add(new SessionAgreement(id, seen, transcriptCalls[id].Count(), telemetryCalls[id].Count(),
                transcriptCalls[id].Count(c => c.Decision == "reject"), telemetryCalls[id].Count(c => c.Decision == "reject"),
                [.. transcriptCommands.Except(telemetryCommands, StringComparer.Ordinal)],
                [.. telemetryCommands.Except(transcriptCommands, StringComparer.Ordinal)],
                usage.InputTokens, requests.Sum(e => Long(e.Attribute("input_tokens"))),
                usage.OutputTokens, requests.Sum(e => Long(e.Attribute("output_tokens"))),
                usage.Prompts, mine.Count(e => e.Name == "user_prompt")));
        }

        return result;
    }

    // Both sides normalise the same way (whitespace collapsed, secrets redacted), so equal commands compare equal.
    private static SortedSet<string> Commands(IEnumerable<MonitorCall> calls) =>
        new(calls.Where(c => c.Command is not null).Select(c => CommandClassifier.Normalise(c.Command!)), StringComparer.Ordinal);

    private static long Long(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;
}

/// <summary>What a session's transcripts say it used: tokens of each API response once (message id + request id), and prompts.</summary>
public sealed record TranscriptUsage(long InputTokens, long OutputTokens, long CacheReadTokens, int Prompts)
{
    public static TranscriptUsage None { get; } = new(0, 0, 0, 0);
}
