using System.Globalization;
using System.Text.Json;

namespace CcAudit.Core.Tests.Activity;

/// <summary>
/// Transcript lines shaped exactly like the ones Claude Code 2.1.328 wrote in the fixture session (same fields, same
/// nesting), with the values a test needs. Shared by the Core and CLI tests and the activity benchmark.
/// </summary>
public static class TranscriptLines
{
    public static string Prompt(string session, string cwd, DateTime at, string uuid, string text, string mode = "default") =>
        Line(new Dictionary<string, object?>
        {
            ["parentUuid"] = null, ["isSidechain"] = false, ["promptId"] = uuid, ["type"] = "user",
            ["message"] = new Dictionary<string, object?> { ["role"] = "user", ["content"] = text },
            ["uuid"] = uuid, ["timestamp"] = Stamp(at), ["permissionMode"] = mode, ["promptSource"] = "typed", ["userType"] = "external",
            ["entrypoint"] = "cli", ["cwd"] = cwd, ["sessionId"] = session, ["version"] = "2.1.328", ["gitBranch"] = "main",
        });

    public static Dictionary<string, object?> ToolUse(string id, string name, Dictionary<string, object?> input) =>
        new() { ["type"] = "tool_use", ["id"] = id, ["name"] = name, ["input"] = input };

    public static string Assistant(string session, string cwd, DateTime at, string messageId, string? requestId, long input, long output, long cacheRead = 0, long cacheCreation = 0,
        string model = "claude-opus-5-5", Dictionary<string, object?>? block = null, string uuid = "")
    {
        var record = new Dictionary<string, object?>
        {
            ["parentUuid"] = null, ["isSidechain"] = false,
            ["message"] = new Dictionary<string, object?>
            {
                ["id"] = messageId, ["type"] = "message", ["role"] = "assistant", ["model"] = model,
                ["content"] = new object[] { block ?? new Dictionary<string, object?> { ["type"] = "text", ["text"] = "ok" } },
                ["stop_reason"] = "end_turn", ["stop_sequence"] = null,
                ["usage"] = new Dictionary<string, object?>
                {
                    ["input_tokens"] = input, ["cache_creation_input_tokens"] = cacheCreation, ["cache_read_input_tokens"] = cacheRead, ["output_tokens"] = output, ["service_tier"] = "standard",
                },
            },
            ["type"] = "assistant", ["uuid"] = uuid.Length > 0 ? uuid : Guid.NewGuid().ToString(), ["timestamp"] = Stamp(at), ["userType"] = "external", ["entrypoint"] = "cli",
            ["cwd"] = cwd, ["sessionId"] = session, ["version"] = "2.1.328", ["gitBranch"] = "main",
        };
        if (requestId is not null)
        {
            record["requestId"] = requestId;
        }

        return Line(record);
    }

    public static string ToolResult(string session, string cwd, DateTime at, string uuid, string toolUseId, string content, string decision, string source, string? reasonType = null, string? denialKind = null)
    {
        var permission = new Dictionary<string, object?> { ["decision"] = decision, ["source"] = source };
        if (reasonType is not null)
        {
            permission["reasonType"] = reasonType;
        }

        var record = new Dictionary<string, object?>
        {
            ["parentUuid"] = null, ["isSidechain"] = false, ["type"] = "user",
            ["message"] = new Dictionary<string, object?>
            {
                ["role"] = "user",
                ["content"] = new object[] { new Dictionary<string, object?> { ["tool_use_id"] = toolUseId, ["type"] = "tool_result", ["content"] = content } },
            },
            ["uuid"] = uuid, ["timestamp"] = Stamp(at), ["toolUseResult"] = new Dictionary<string, object?> { ["stdout"] = content, ["stderr"] = string.Empty },
            ["permissionDecision"] = permission, ["userType"] = "external", ["entrypoint"] = "cli", ["cwd"] = cwd, ["sessionId"] = session, ["version"] = "2.1.328",
        };
        if (denialKind is not null)
        {
            record["toolDenialKind"] = denialKind;
        }

        return Line(record);
    }

    public static string PermissionMode(string session, string mode) =>
        Line(new Dictionary<string, object?> { ["type"] = "permission-mode", ["permissionMode"] = mode, ["sessionId"] = session });

    public static string CostState(string session, double cost) =>
        Line(new Dictionary<string, object?> { ["type"] = "cost-state", ["sessionId"] = session, ["totalCostUSD"] = cost });

    public static string Stamp(DateTime at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Line(Dictionary<string, object?> record) => JsonSerializer.Serialize(record) + "\n";
}
