using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>A tool call the mock model emits: a unique id, the tool name and the input exactly as JSON text.</summary>
internal sealed record ScriptedToolUse(string Id, string Name, string InputJson);

/// <summary>
/// The scripted stand-in for Anthropic's Messages API (oracle-protocol.md §2): the main conversation, recognised by the
/// prompt marker, gets one assistant message holding every probe as a <c>tool_use</c> block; every later turn and every
/// other conversation (subagents, side queries, the auto-mode classifier) gets a plain "done". Runs are routed by the
/// <c>/r/&lt;run id&gt;</c> prefix of the base URL, so one mock serves concurrent runs.
/// </summary>
internal sealed class MessagesApiMock
{
    public const string PromptMarker = "CCAUDIT-ORACLE-PROBE-7f3a";
    private readonly ConcurrentDictionary<string, IReadOnlyList<ScriptedToolUse>> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> requests = new(StringComparer.Ordinal);

    public void Register(string runId, IReadOnlyList<ScriptedToolUse> probes) => scripts[runId] = probes;

    public void Forget(string runId)
    {
        scripts.TryRemove(runId, out _);
        requests.TryRemove(runId, out _);
    }

    public int RequestCount(string runId) => requests.TryGetValue(runId, out var n) ? n : 0;

    public async Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
    {
        var (runId, path) = Route(request.Target);
        requests.AddOrUpdate(runId, 1, (_, n) => n + 1);
        if (request.Method != "POST" || !path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            await WriteJsonAsync(stream, 404, """{"type":"error","error":{"type":"not_found_error","message":"ccaudit oracle mock"}}""", cancellationToken);
            return;
        }

        if (path.StartsWith("/v1/messages/count_tokens", StringComparison.Ordinal))
        {
            await WriteJsonAsync(stream, 200, """{"input_tokens":10}""", cancellationToken);
            return;
        }

        JsonNode? body;
        try
        {
            body = JsonNode.Parse(request.Body);
        }
        catch (JsonException)
        {
            body = null;
        }

        var messages = body?["messages"] as JsonArray ?? [];
        var first = messages.Count > 0 ? TextOf(messages[0]?["content"]) : "";
        var assistantTurns = messages.Count(m => (string?)m?["role"] == "assistant");
        var model = (string?)body?["model"] ?? "claude";
        var probes = first.Contains(PromptMarker, StringComparison.Ordinal) && assistantTurns == 0 && scripts.TryGetValue(runId, out var script) ? script : null;
        var stream_ = body?["stream"] is JsonValue s && s.TryGetValue<bool>(out var streaming) && streaming;
        if (!stream_)
        {
            await WriteJsonAsync(stream, 200, Message(model, probes).ToJsonString(), cancellationToken);
            return;
        }

        await WriteSseAsync(stream, model, probes, cancellationToken);
    }

    internal static (string RunId, string Path) Route(string target)
    {
        if (target.StartsWith("/r/", StringComparison.Ordinal))
        {
            var slash = target.IndexOf('/', 3);
            if (slash > 3)
            {
                return (target[3..slash], target[slash..]);
            }
        }

        return ("default", target);
    }

    internal static string TextOf(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)b?["text"] ?? "")),
        _ => "",
    };

    internal static JsonObject Message(string model, IReadOnlyList<ScriptedToolUse>? probes, string text = "done")
    {
        var content = new JsonArray();
        if (probes is null)
        {
            content.Add(new JsonObject { ["type"] = "text", ["text"] = text });
        }
        else
        {
            foreach (var probe in probes)
            {
                content.Add(new JsonObject { ["type"] = "tool_use", ["id"] = probe.Id, ["name"] = probe.Name, ["input"] = JsonNode.Parse(probe.InputJson) });
            }
        }

        return new JsonObject
        {
            ["id"] = "msg_ccaudit_" + Guid.NewGuid().ToString("N")[..16],
            ["type"] = "message",
            ["role"] = "assistant",
            ["model"] = model,
            ["content"] = content,
            ["stop_reason"] = probes is null ? "end_turn" : "tool_use",
            ["stop_sequence"] = null,
            ["usage"] = new JsonObject { ["input_tokens"] = 10, ["output_tokens"] = 5 },
        };
    }

    internal static async Task WriteJsonAsync(Stream stream, int status, string json, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }

    /// <summary>The event order of a real streamed response (§2); a tool input is sent as one <c>input_json_delta</c>.</summary>
    internal static async Task WriteSseAsync(
        Stream stream, string model, IReadOnlyList<ScriptedToolUse>? probes, CancellationToken cancellationToken, string finalText = "done")
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n");
        void Event(string name, JsonObject data) => text.Append("event: ").Append(name).Append("\ndata: ").Append(data.ToJsonString()).Append("\n\n");
        var start = Message(model, null);
        start["content"] = new JsonArray();
        start["stop_reason"] = null;
        Event("message_start", new JsonObject { ["type"] = "message_start", ["message"] = start });
        if (probes is null)
        {
            Event("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = 0, ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" } });
            Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = 0, ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = finalText } });
            Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        }
        else
        {
            for (var i = 0; i < probes.Count; i++)
            {
                Event("content_block_start", new JsonObject { ["type"] = "content_block_start", ["index"] = i, ["content_block"] = new JsonObject { ["type"] = "tool_use", ["id"] = probes[i].Id, ["name"] = probes[i].Name, ["input"] = new JsonObject() } });
                Event("content_block_delta", new JsonObject { ["type"] = "content_block_delta", ["index"] = i, ["delta"] = new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = probes[i].InputJson } });
                Event("content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = i });
            }
        }

        Event("message_delta", new JsonObject { ["type"] = "message_delta", ["delta"] = new JsonObject { ["stop_reason"] = probes is null ? "end_turn" : "tool_use", ["stop_sequence"] = null }, ["usage"] = new JsonObject { ["output_tokens"] = 5 } });
        Event("message_stop", new JsonObject { ["type"] = "message_stop" });
        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
    }
}
