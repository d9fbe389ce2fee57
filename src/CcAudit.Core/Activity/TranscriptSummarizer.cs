using System.Globalization;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;

namespace CcAudit.Core.Activity;

/// <summary>
/// Reads every transcript of the given Claude homes (~/.claude/projects/*/*.jsonl, subagents included) into an
/// <see cref="ActivitySummary"/>. Streaming and tolerant: malformed, truncated, binary or oversized lines are diagnostics.
/// </summary>
public static class TranscriptSummarizer
{
    public static ActivitySummary Summarize(IEnumerable<ClaudeHome> homes, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var state = new State();
        foreach (var transcript in homes.SelectMany(h => LaunchDirectoryCollector.SafeEnumerate(Path.Combine(h.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories, diagnostics)).Distinct(StringComparer.Ordinal))
        {
            state.Transcripts++;
            LaunchDirectoryCollector.ReadJsonLines(transcript, int.MaxValue, diagnostics, record =>
            {
                state.Add(record);
                return true;
            });
        }

        return state.ToSummary();
    }

    private sealed class State
    {
        private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
        private readonly HashSet<string> _bypass = new(StringComparer.Ordinal);
        private readonly HashSet<string> _messages = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _tools = new(StringComparer.Ordinal);
        private int _prompts;
        private int _toolCalls;
        private int _denials;
        private long _input;
        private long _output;
        private long _cacheRead;
        private long _cacheCreation;
        private DateTimeOffset? _first;
        private DateTimeOffset? _last;

        public int Transcripts { get; set; }

        public void Add(JsonElement record)
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var session = Text(record, "sessionId");
            if (session is not null)
            {
                _sessions.Add(session);
            }

            if (Text(record, "timestamp") is { } stamp && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                _first = _first is null || at < _first ? at : _first;
                _last = _last is null || at > _last ? at : _last;
            }

            if ((Text(record, "permissionMode") == "bypassPermissions" || (Text(record, "type") == "permission-mode" && Text(record, "permissionMode") == "bypassPermissions")) && session is not null)
            {
                _bypass.Add(session);
            }

            switch (Text(record, "type"))
            {
                case "assistant":
                    Assistant(record);
                    break;
                case "user":
                    User(record);
                    break;
            }
        }

        public ActivitySummary ToSummary() =>
            new(Transcripts, _sessions.Count, _prompts, _toolCalls, _tools.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
                _denials, _bypass.Count, _input, _output, _cacheRead, _cacheCreation, _first, _last);

        private void Assistant(JsonElement record)
        {
            if (!record.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                foreach (var block in content.EnumerateArray())
                {
                    if (Text(block, "type") == "tool_use" && Text(block, "name") is { } tool)
                    {
                        _toolCalls++;
                        _tools[tool] = _tools.GetValueOrDefault(tool) + 1;
                    }
                }
            }

            // Claude Code writes one record per content block with the same message and usage: count usage once per message.
            var id = Text(message, "id");
            if (id is not null && !_messages.Add($"{id}:{Text(record, "requestId")}"))
            {
                return;
            }

            if (message.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                _input += Number(usage, "input_tokens");
                _output += Number(usage, "output_tokens");
                _cacheRead += Number(usage, "cache_read_input_tokens");
                _cacheCreation += Number(usage, "cache_creation_input_tokens");
            }
        }

        private void User(JsonElement record)
        {
            if (record.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                _prompts++;
            }

            var rejected = record.TryGetProperty("permissionDecision", out var decision) && decision.ValueKind == JsonValueKind.Object && Text(decision, "decision") == "reject";
            if (rejected || Text(record, "toolDenialKind") is not null)
            {
                _denials++;
            }
        }

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        private static long Number(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : 0;
    }
}
