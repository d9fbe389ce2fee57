using CcAudit.Core.Activity;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Activity;

public sealed class TranscriptSummarizerTests
{
    [Fact]
    public void RealTranscript_CountsSessionPromptToolCallsDenialAndTokensOnce()
    {
        using var fixture = new FixtureHome();
        var diagnostics = new List<Diagnostic>();

        var summary = TranscriptSummarizer.Summarize([ClaudeHomeLocator.Default(fixture.Home, "test")], diagnostics);

        Assert.Equal(1, summary.Transcripts);
        Assert.Equal(1, summary.Sessions);
        Assert.Equal(1, summary.Prompts);
        Assert.Equal(3, summary.ToolCalls);
        Assert.Equal(2, summary.ToolCallsByTool["Bash"]);
        Assert.Equal(1, summary.ToolCallsByTool["Read"]);
        Assert.Equal(1, summary.Denials);

        // The session's own result record says inputTokens 30, outputTokens 15 for its three model calls.
        Assert.Equal((30L, 15L), (summary.InputTokens, summary.OutputTokens));
        Assert.Equal(0, summary.BypassSessions);
        Assert.True(summary.FirstActivity < summary.LastActivity);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void HostileTranscript_IsToleratedAndDiagnosed()
    {
        using var dir = new TempDir();
        dir.Write(Path.Combine("home", ".claude", "projects", "-p", "s.jsonl"),
            "garbage\n{\"type\":\"user\",\"sessionId\":\"s1\",\"permissionMode\":\"bypassPermissions\",\"message\":{\"content\":\"hi\"}}\n"
            + "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"requestId\":\"r1\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"tool_use\",\"name\":\"Bash\"}],\"usage\":{\"input_tokens\":7}}}\n"
            + "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"requestId\":\"r1\",\"message\":{\"id\":\"m1\",\"content\":[{\"type\":\"text\"}],\"usage\":{\"input_tokens\":7}}}\n"
            + "{\"type\":\"future-record\",\"x\":1}\n{\"type\":\"assistant\",\"message\":{\"id\":");
        var diagnostics = new List<Diagnostic>();

        var summary = TranscriptSummarizer.Summarize([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);

        Assert.Equal((1, 1, 1, 7L, 1), (summary.Sessions, summary.Prompts, summary.ToolCalls, summary.InputTokens, summary.BypassSessions));
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineMalformed);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTruncated);
    }

    [Fact]
    public void Audit_CarriesTheActivitySummary()
    {
        using var fixture = new FixtureHome();

        var report = Auditor.Run(fixture.Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;

        Assert.Equal(3, report.Activity.ToolCalls);
        Assert.Contains("1 session(s)", report.Steps.Single(s => s.Step == Core.Rules.AuditStep.Monitoring).Notes, StringComparison.Ordinal);
    }
}
