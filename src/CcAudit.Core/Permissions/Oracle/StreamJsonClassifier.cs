using System.Text.Json;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// Reads the binary's <c>--output-format stream-json</c> records and classifies every probe by its id
/// (oracle-protocol.md §5). The authority is <c>tool_result_meta[].permission_decision</c> on the user record that
/// carries the result; <c>permission_denials</c> mixes asks and denies and is not used.
/// </summary>
internal static class StreamJsonClassifier
{
    private static readonly string[] InvalidMarkers =
    [
        "InputValidationError", "File has not been read yet", "Cannot create new file", "could not be parsed",
        "File does not exist", "String to replace not found",
    ];

    public sealed record Parsed(IReadOnlyDictionary<string, (string Class, string Reason)> Verdicts, bool HasInit, string? ResultSubtype, bool ResultIsError, IReadOnlyList<string> McpNotConnected, string? Mode)
    {
        /// <summary>Every tool result's text by tool_use id (the live red team looks for canaries in them).</summary>
        public IReadOnlyDictionary<string, string> Results { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public static Parsed Classify(IEnumerable<string> lines, IReadOnlyList<ScriptedToolUse> probes, IReadOnlySet<string> offeredMcpTools)
    {
        var meta = new Dictionary<string, (string? Decision, string? Source, string? ReasonType, string? NonExecution)>(StringComparer.Ordinal);
        var results = new Dictionary<string, string>(StringComparer.Ordinal);
        var tools = new HashSet<string>(StringComparer.Ordinal);
        var mcpNotConnected = new List<string>();
        var hasInit = false;
        string? resultSubtype = null;
        string? mode = null;
        var resultIsError = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                var record = document.RootElement;
                var type = Str(record, "type");
                if (type == "system" && Str(record, "subtype") == "init" && !hasInit)
                {
                    hasInit = true;
                    mode = Str(record, "permissionMode");
                    if (record.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Array)
                    {
                        tools.UnionWith(list.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!));
                    }

                    if (record.TryGetProperty("mcp_servers", out var servers) && servers.ValueKind == JsonValueKind.Array)
                    {
                        mcpNotConnected.AddRange(servers.EnumerateArray().Where(s => Str(s, "status") != "connected").Select(s => $"{Str(s, "name")}: {Str(s, "status")}"));
                    }
                }
                else if (type == "result" && resultSubtype is null)
                {
                    resultSubtype = Str(record, "subtype");
                    resultIsError = record.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
                }
                else if (type == "user")
                {
                    ReadUserRecord(record, meta, results);
                }
            }
        }

        var verdicts = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var probe in probes)
        {
            verdicts[probe.Id] = Verdict(probe, meta.TryGetValue(probe.Id, out var m) ? m : null, results.TryGetValue(probe.Id, out var r) ? r : null, tools, offeredMcpTools);
        }

        return new Parsed(verdicts, hasInit, resultSubtype, resultIsError, mcpNotConnected, mode) { Results = results };
    }

    private static void ReadUserRecord(JsonElement record, Dictionary<string, (string?, string?, string?, string?)> meta, Dictionary<string, string> results)
    {
        if (record.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
            && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (Str(block, "type") == "tool_result" && Str(block, "tool_use_id") is { } id)
                {
                    results[id] = block.TryGetProperty("content", out var c) ? (c.ValueKind == JsonValueKind.String ? c.GetString()! : c.GetRawText()) : "";
                }
            }
        }

        if (record.TryGetProperty("tool_result_meta", out var metas) && metas.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in metas.EnumerateArray())
            {
                if (Str(m, "id") is { } id && m.TryGetProperty("permission_decision", out var pd) && pd.ValueKind == JsonValueKind.Object)
                {
                    meta[id] = (Str(pd, "decision"), Str(pd, "source"), Str(pd, "reason_type"), Str(m, "non_execution_kind"));
                }
            }
        }
    }

    /// <summary>§5, in none-prompt mode: nobody is asked, so an ask comes back as a rejection with reason <c>asyncAgent</c>.</summary>
    private static (string Class, string Reason) Verdict(ScriptedToolUse probe, (string? Decision, string? Source, string? ReasonType, string? NonExecution)? meta, string? result, IReadOnlySet<string> tools, IReadOnlySet<string> offeredMcpTools)
    {
        if (meta is { } m)
        {
            switch (m.Decision)
            {
                case "accept":
                    return ("allow", m.ReasonType ?? "tool-default");
                case "reject" when m.ReasonType == "asyncAgent":
                    return ("ask", "no-approval-surface");
                case "reject" when m.ReasonType == "classifier":
                    return ("classifier", m.NonExecution ?? "classifier");
                case "reject" when m.ReasonType == "mode":
                    return ("deny", "mode(dontAsk)");
                case "reject":
                    return ("deny", m.ReasonType ?? "unknown");
            }
        }

        if (result is null)
        {
            return ("invalid", "no-tool-result");
        }

        if (result.Contains("No such tool available", StringComparison.Ordinal))
        {
            // A bare deny rule removes the tool from the session; a tool that never existed is not a verdict. The stub
            // servers offer every MCP tool a probe names, so an offered tool missing from the session was removed.
            var removed = result.Contains("is disabled for this session", StringComparison.Ordinal) || offeredMcpTools.Contains(probe.Name);
            return !tools.Contains(probe.Name) && removed
                ? ("deny", "tool-removed")
                : ("invalid", "no-such-tool");
        }

        var marker = InvalidMarkers.FirstOrDefault(k => result.Contains(k, StringComparison.Ordinal));
        return ("invalid", marker ?? "no-permission-meta");
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
