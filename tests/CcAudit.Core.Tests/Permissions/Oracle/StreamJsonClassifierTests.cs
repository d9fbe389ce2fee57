using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Core.Tests.Permissions.Oracle;

public sealed class StreamJsonClassifierTests
{
    private static readonly ScriptedToolUse[] Probes =
    [
        new("t1", "Bash", """{"command":"ls"}"""),
        new("t2", "Bash", """{"command":"git push"}"""),
        new("t3", "Bash", """{"command":"rm -rf build"}"""),
        new("t4", "WebSearch", """{"query":"x"}"""),
        new("t5", "Read", """{"file_path":"/x"}"""),
        new("t6", "Bash", """{"command":"npm test"}"""),
        new("t7", "mcp__stub__delete_item", """{}"""),
        new("t8", "Edit", """{"file_path":"/y"}"""),
        new("t9", "Bash", """{"command":"curl x"}"""),
    ];

    private static readonly string[] Records =
    [
        """{"type":"system","subtype":"init","tools":["Bash","Read","Edit"],"mcp_servers":[{"name":"stub","status":"connected"}],"permissionMode":"default"}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t1","content":"ok"}]},"tool_result_meta":[{"id":"t1","permission_decision":{"decision":"accept","source":"config","reason_type":"subcommandResults"}}]}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t2","content":"x","is_error":true}]},"tool_result_meta":[{"id":"t2","non_execution_kind":"permission-rule","permission_decision":{"decision":"reject","source":"config","reason_type":"asyncAgent"}}]}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t3","content":"x","is_error":true}]},"tool_result_meta":[{"id":"t3","permission_decision":{"decision":"reject","source":"user_reject","reason_type":"rule"}}]}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t4","content":"<tool_use_error>No such tool available: WebSearch. WebSearch is disabled for this session</tool_use_error>","is_error":true}]}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t5","content":"<tool_use_error>File does not exist.</tool_use_error>","is_error":true}]}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t6","content":"x","is_error":true}]},"tool_result_meta":[{"id":"t6","permission_decision":{"decision":"reject","source":"config","reason_type":"mode"}}]}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t7","content":"<tool_use_error>No such tool available: mcp__stub__delete_item</tool_use_error>","is_error":true}]}}""",
        """{"type":"user","message":{"content":[{"type":"tool_result","tool_use_id":"t8","content":"x","is_error":true}]},"tool_result_meta":[{"id":"t8","non_execution_kind":"automode-unavailable","permission_decision":{"decision":"reject","source":"config","reason_type":"classifier"}}]}""",
        "not json at all",
        """{"type":"result","subtype":"success","is_error":false}""",
    ];

    [Theory]
    [InlineData("t1", "allow", "subcommandResults")]
    [InlineData("t2", "ask", "no-approval-surface")]
    [InlineData("t3", "deny", "rule")]
    [InlineData("t4", "deny", "tool-removed")]
    [InlineData("t5", "invalid", "File does not exist")]
    [InlineData("t6", "deny", "mode(dontAsk)")]
    [InlineData("t7", "deny", "tool-removed")]
    [InlineData("t8", "classifier", "automode-unavailable")]
    [InlineData("t9", "invalid", "no-tool-result")]
    public void Probe_IsClassifiedFromItsOwnRecordsOnly(string id, string expectedClass, string expectedReason)
    {
        var parsed = StreamJsonClassifier.Classify(Records, Probes, new HashSet<string>(StringComparer.Ordinal) { "mcp__stub__delete_item" });

        Assert.Equal((expectedClass, expectedReason), parsed.Verdicts[id]);
        Assert.True(parsed.HasInit);
        Assert.Equal("success", parsed.ResultSubtype);
        Assert.Empty(parsed.McpNotConnected);
    }

    [Fact]
    public void ToolThatWasNeverOffered_IsInvalidNotDenied()
    {
        var parsed = StreamJsonClassifier.Classify(Records, Probes, new HashSet<string>(StringComparer.Ordinal));

        Assert.Equal("invalid", parsed.Verdicts["t7"].Class);
    }
}
