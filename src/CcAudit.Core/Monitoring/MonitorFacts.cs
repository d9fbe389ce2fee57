using System.Globalization;
using System.Text.Json;
using CcAudit.Core.Activity;

namespace CcAudit.Core.Monitoring;

/// <summary>Who and where a session ran, from its telemetry (resource and standard attributes) and, when joined, its transcript.</summary>
public sealed record MonitorSession(string Id, string User, string Team, string Host, string LaunchDirectory, DateTimeOffset First, DateTimeOffset Last, string Seen);

/// <summary>
/// One tool call Claude Code decided, from a <c>tool_decision</c> event (joined with its <c>tool_result</c>) or from a
/// transcript's <c>tool_use</c>. <paramref name="Ran"/>: the call was allowed and (telemetry) its result reported success.
/// </summary>
public sealed record MonitorCall(
    DateTimeOffset At, string Session, string Tool, string? Command, string? FilePath, string Decision, string DecisionSource, string? Mode, bool Ran,
    string Source)
{
    /// <summary>The command's categories (network egress, credential access, destructive …), empty for other tools.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
}

/// <summary>What the monitor rules judge: the events of a period, their sessions and tool calls, and the baseline week.</summary>
public sealed class MonitorFacts
{
    public const string Telemetry = "telemetry";
    public const string Transcript = "transcript";

    private MonitorFacts(IReadOnlyList<TelemetryEvent> events, IReadOnlyDictionary<string, MonitorSession> sessions, IReadOnlyList<MonitorCall> calls)
    {
        Events = events;
        Sessions = sessions;
        Calls = calls;
        FirstWeek = events.Count == 0 ? null : Week(events.Min(e => e.TimeMs));
    }

    public IReadOnlyList<TelemetryEvent> Events { get; }

    public IReadOnlyDictionary<string, MonitorSession> Sessions { get; }

    public IReadOnlyList<MonitorCall> Calls { get; }

    /// <summary>The ISO week of the first event: the baseline itself, in which everything is first seen.</summary>
    public string? FirstWeek { get; }

    public MonitorSession SessionOf(string? id) =>
        id is not null && Sessions.TryGetValue(id, out var s) ? s : new MonitorSession(id ?? "(none)", "(unknown)", "(none)", "(unknown)", "(unknown)", default, default, Telemetry);

    public static string Week(long timeMs) => Week(DateTimeOffset.FromUnixTimeMilliseconds(timeMs));

    public static string Week(DateTimeOffset at) => $"{ISOWeek.GetYear(at.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):00}";

    /// <summary>Builds the facts; <paramref name="transcriptCalls"/> and <paramref name="transcriptSessions"/> come from the transcripts joined on <c>session.id</c>.</summary>
    public static MonitorFacts From(IReadOnlyList<TelemetryEvent> events, IReadOnlyList<MonitorCall>? transcriptCalls = null,
        IReadOnlyDictionary<string, (string Cwd, DateTimeOffset First, DateTimeOffset Last)>? transcriptSessions = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var sessions = BuildSessions(events, transcriptSessions ?? new Dictionary<string, (string, DateTimeOffset, DateTimeOffset)>());
        var calls = TelemetryCalls(events, sessions).ToList();
        var known = calls.Select(c => (c.Session, c.Command, c.Tool)).ToHashSet();
        // A call both sources saw is counted once, from telemetry (which knows the decision's source).
        calls.AddRange((transcriptCalls ?? []).Where(c => !known.Contains((c.Session, c.Command, c.Tool))));
        return new MonitorFacts(events, sessions, [.. calls.OrderBy(c => c.At)]);
    }

    private static Dictionary<string, MonitorSession> BuildSessions(IReadOnlyList<TelemetryEvent> events, IReadOnlyDictionary<string, (string Cwd, DateTimeOffset First, DateTimeOffset Last)> transcripts)
    {
        var result = new Dictionary<string, MonitorSession>(StringComparer.Ordinal);
        foreach (var group in events.Where(e => e.SessionId is not null).GroupBy(e => e.SessionId!, StringComparer.Ordinal))
        {
            var resource = Resource(group.First().Resource);
            var user = group.Select(e => e.Attribute("user.email") ?? e.Attribute("user.id")).FirstOrDefault(u => u is not null) ?? "(unknown)";
            var team = resource.GetValueOrDefault("team") ?? resource.GetValueOrDefault("team.name") ?? group.Select(e => e.Attribute("team")).FirstOrDefault(t => t is not null) ?? "(none)";
            var host = resource.GetValueOrDefault("host.name") ?? "(unknown)";
            var launch = group.Select(e => e.Attribute("cwd") ?? FirstPath(e.Attribute("workspace.host_paths"))).FirstOrDefault(p => p is not null);
            var seen = MonitorFacts.Telemetry;
            if (transcripts.TryGetValue(group.Key, out var transcript))
            {
                launch ??= transcript.Cwd;
                seen = "telemetry+transcript";
            }

            result[group.Key] = new MonitorSession(group.Key, user, team, host, launch ?? "(unknown)",
                DateTimeOffset.FromUnixTimeMilliseconds(group.Min(e => e.TimeMs)), DateTimeOffset.FromUnixTimeMilliseconds(group.Max(e => e.TimeMs)), seen);
        }

        foreach (var (id, transcript) in transcripts.Where(t => !result.ContainsKey(t.Key)))
        {
            result[id] = new MonitorSession(id, "(unknown)", "(none)", "(unknown)", transcript.Cwd, transcript.First, transcript.Last, Transcript);
        }

        return result;
    }

    private static IEnumerable<MonitorCall> TelemetryCalls(IReadOnlyList<TelemetryEvent> events, IReadOnlyDictionary<string, MonitorSession> sessions)
    {
        var results = events.Where(e => e.Name == "tool_result" && e.Attribute("tool_use_id") is not null)
            .GroupBy(e => e.Attribute("tool_use_id")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var decision in events.Where(e => e.Name == "tool_decision"))
        {
            var id = decision.Attribute("tool_use_id");
            var result = id is not null ? results.GetValueOrDefault(id) : null;
            var parameters = Json(decision.Attribute("tool_parameters")) ?? Json(result?.Attribute("tool_parameters"));
            var input = Json(result?.Attribute("tool_input"));
            var command = parameters?.GetValueOrDefault("full_command") ?? input?.GetValueOrDefault("command");
            var path = input?.GetValueOrDefault("file_path") ?? input?.GetValueOrDefault("path");
            var accepted = decision.Attribute("decision") == "accept";
            var ran = accepted && result?.Attribute("success") == "true";
            var tool = decision.Attribute("tool_name") ?? "(unknown)";
            var cwd = sessions.TryGetValue(decision.SessionId ?? string.Empty, out var s) && s.LaunchDirectory != "(unknown)" ? s.LaunchDirectory : null;
            yield return new MonitorCall(DateTimeOffset.FromUnixTimeMilliseconds(decision.TimeMs), decision.SessionId ?? "(none)", tool, command, path,
                decision.Attribute("decision") ?? "(unknown)", decision.Attribute("source") ?? "(unknown)", decision.Attribute("permission_mode"), ran, Telemetry)
            {
                Categories = command is not null && tool == "Bash" ? CommandClassifier.Classify(command, cwd).Categories : [],
            };
        }
    }

    internal static Dictionary<string, string> Resource(string json) => TelemetryStore.DecodeAttributes(json);

    private static string? FirstPath(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0 ? document.RootElement[0].GetString() : null;
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static Dictionary<string, string>? Json(string? text)
    {
        if (string.IsNullOrEmpty(text) || text[0] != '{')
        {
            return null;
        }

        try
        {
            return TelemetryStore.DecodeAttributes(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
