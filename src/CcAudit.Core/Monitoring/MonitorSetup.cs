using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;

namespace CcAudit.Core.Monitoring;

/// <summary>What <c>monitor setup</c> is asked for: where the receiver is, the team tags and the content gates.</summary>
/// <param name="Endpoint">The receiver's OTLP/HTTP base URL.</param>
/// <param name="Tags">OTEL_RESOURCE_ATTRIBUTES pairs; <c>team</c> is what baselines group by.</param>
/// <param name="ToolDetails">OTEL_LOG_TOOL_DETAILS: commands and MCP names in tool events (needed to classify commands).</param>
/// <param name="Prompts">OTEL_LOG_USER_PROMPTS: prompt text (also turns on responses unless <paramref name="Responses"/> is false).</param>
/// <param name="Responses">OTEL_LOG_ASSISTANT_RESPONSES, written explicitly so it never follows the prompt gate by default.</param>
/// <param name="TokenEnvironment">When the receiver needs a token: an otelHeadersHelper reads it from this variable; the token is never in the file.</param>
/// <param name="RecordCommand">The ccaudit command line the ConfigChange hook runs.</param>
public sealed record MonitorSetupOptions(
    string Endpoint, IReadOnlyList<(string Key, string Value)> Tags, bool ToolDetails = true, bool Prompts = false, bool Responses = false,
    string? TokenEnvironment = null, string RecordCommand = "ccaudit monitor record");

/// <summary>The managed-settings snippet that turns telemetry on toward the receiver. Printed, never applied.</summary>
public static class MonitorSetup
{
    public static JsonObject Snippet(MonitorSetupOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var env = new JsonObject
        {
            ["CLAUDE_CODE_ENABLE_TELEMETRY"] = "1",
            ["OTEL_LOGS_EXPORTER"] = "otlp",
            ["OTEL_METRICS_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = options.Endpoint.TrimEnd('/'),
            ["OTEL_METRICS_INCLUDE_SESSION_ID"] = "true",
            ["OTEL_RESOURCE_INCLUDE_HOST"] = "true",
            ["OTEL_LOG_TOOL_DETAILS"] = options.ToolDetails ? "1" : "0",
            ["OTEL_LOG_USER_PROMPTS"] = options.Prompts ? "1" : "0",
            ["OTEL_LOG_ASSISTANT_RESPONSES"] = options.Responses ? "1" : "0",
        };
        if (options.Tags.Count > 0)
        {
            env["OTEL_RESOURCE_ATTRIBUTES"] = string.Join(",", options.Tags.Select(t => $"{Escape(t.Key)}={Escape(t.Value)}"));
        }

        var hook = new JsonObject { ["type"] = "command", ["command"] = options.RecordCommand };
        var snippet = new JsonObject { ["env"] = env };
        if (options.TokenEnvironment is { } variable)
        {
            // otelHeadersHelper prints the export headers as JSON at run time: the token stays in the machine's environment, not in the file.
            snippet["otelHeadersHelper"] = $"printf '{{\"Authorization\":\"Bearer %s\"}}' \"${variable}\"";
        }

        snippet["hooks"] = new JsonObject { ["ConfigChange"] = new JsonArray(new JsonObject { ["hooks"] = new JsonArray(hook) }) };
        return snippet;
    }

    public static string Text(MonitorSetupOptions options) => Snippet(options).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>Percent-encodes what the W3C baggage format of OTEL_RESOURCE_ATTRIBUTES reserves.</summary>
    private static string Escape(string text) => Uri.EscapeDataString(text.Trim());

    /// <summary>
    /// Turns a hook payload (Claude Code writes one JSON object to the hook's stdin) into a stored event, or says why not.
    /// Every string is redacted like telemetry attributes.
    /// </summary>
    public static ParseResult<TelemetryEvent> HookEvent(string payload, long nowMs)
    {
        ArgumentNullException.ThrowIfNull(payload);
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ParseResult<TelemetryEvent>.Fail(Diagnostic.Error(DiagnosticCodes.JsonMalformed, "the hook payload is not a JSON object"));
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                attributes[property.Name] = OtlpDecoder.Redact(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
            }

            var name = attributes.GetValueOrDefault("hook_event_name") ?? "(unnamed hook)";
            var resource = new JsonObject { ["host.name"] = Environment.MachineName, ["user.name"] = Environment.UserName }.ToJsonString();
            return ParseResult<TelemetryEvent>.Ok(new TelemetryEvent(nowMs, TelemetryEvent.Hook, name, attributes.GetValueOrDefault("session_id"), null, resource, attributes));
        }
        catch (JsonException e)
        {
            return ParseResult<TelemetryEvent>.Fail(Diagnostic.Error(DiagnosticCodes.JsonMalformed, "the hook payload is not valid JSON: " + e.Message));
        }
    }
}
