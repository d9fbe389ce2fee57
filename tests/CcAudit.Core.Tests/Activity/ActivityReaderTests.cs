using System.Globalization;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Activity;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Core.Tests.Activity;

public sealed class ActivityReaderTests
{
    private const string Cwd = "/home/dev/app";
    private static readonly DateTime Day1 = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void RealTranscript_SessionPromptToolCallsPermissionEvidenceAndTokens()
    {
        using var fixture = new FixtureHome();
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(fixture.Home, "test")], diagnostics);

        Assert.Equal((1, 1, 1, 3), (activity.Transcripts, activity.Sessions, activity.Prompts, activity.ToolCalls));
        Assert.Equal(2, activity.ToolCallsByTool["Bash"]);
        Assert.Equal(1, activity.ToolCallsByTool["Read"]);

        // The mock API sent no request id, so ccusage counts each of the five assistant records (10 in, 5 out each);
        // Claude Code's own cost-state says 30/15 for the three model calls. ccusage's figure is the one kept.
        Assert.Equal((50L, 25L), (activity.InputTokens, activity.OutputTokens));
        Assert.Equal(0.00042, activity.CostUsd, 6);

        // Read allowed by the default mode, "git status" by the read-only subcommand rules; no rule matched the curl, so it
        // asked, and with no one to answer (-p) it was rejected as asyncAgent: blocked, yet not a rule denial.
        var p = activity.Permissions;
        Assert.Equal((1, 1, 0, 1, 0), (p.AllowedByMode, p.AllowedByRule, p.DeniedByRule, p.AskedNoApprover, p.Prompts));
        Assert.Equal(1, activity.Denials);
        var curl = Assert.Single(activity.Commands, c => c.Command.StartsWith("curl", StringComparison.Ordinal));
        Assert.Contains(CommandClassifier.Network, curl.Categories);
        Assert.Contains(CommandClassifier.Credentials, curl.Categories);
        Assert.Equal(["127.0.0.1"], curl.Hosts);
        Assert.Equal((1, 1), (curl.Count, curl.Blocked));
        Assert.Equal(0, Assert.Single(activity.Commands, c => c.Command == "git status").Blocked);
        Assert.Equal("/tmp/fx/home/work/app", Assert.Single(activity.LaunchDirectories).Directory);
        Assert.Equal("sdk-cli", Assert.Single(activity.EntryPoints).Name);
        Assert.Equal("2.1.328", Assert.Single(activity.Versions).Name);
        Assert.Equal("claude-opus-5-5", Assert.Single(activity.Models).Model);
        Assert.Contains(activity.Files, f => f.Path == "/tmp/fx/home/work/app/README.md" && f.Reads == 1);
        Assert.Empty(activity.UnknownRecordTypes);
        Assert.Empty(activity.UnknownFields);

        // history.jsonl: one prompt typed in work/other (a project with no transcript left), then a line cut off.
        var history = Assert.Single(activity.History);
        Assert.Equal(("/tmp/fx/home/work/other", 1), (history.Project, history.Prompts));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1795582000000), history.FirstPrompt);
        var cut = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticCodes.JsonlLineTruncated, 2), (cut.Code, cut.Location!.Line));
        Assert.EndsWith("history.jsonl", cut.Location.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_CountsOncePerMessageAndRequest_ButEveryTimeWithoutARequestId()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1",
            Assistant("s1", Cwd, Day1, "m1", "r1", 100, 10),
            Assistant("s1", Cwd, Day1.AddSeconds(1), "m1", "r1", 100, 10),
            Assistant("s1", Cwd, Day1.AddSeconds(2), "m2", null, 7, 1),
            Assistant("s1", Cwd, Day1.AddSeconds(3), "m2", null, 7, 1));
        // A resumed session repeats m1/r1 in another file: still once.
        Write(dir, "-a", "s2", Assistant("s2", Cwd, Day1.AddDays(1), "m1", "r1", 100, 10), Assistant("s2", Cwd, Day1.AddDays(1), "m3", "r3", 1, 1, cacheRead: 5, cacheCreation: 3));

        var activity = Read(dir);

        Assert.Equal((100 + 7 + 7 + 1, 10 + 1 + 1 + 1), (activity.InputTokens, activity.OutputTokens));
        Assert.Equal((5L, 3L), (activity.CacheReadTokens, activity.CacheCreationTokens));
        Assert.Equal([114L, 1L], activity.Days.Select(d => d.Tokens.Input));
    }

    [Fact]
    public void PermissionEvidence_SortsDecisionsByWhoDecided_AndFatigueFigures()
    {
        using var dir = new TempDir();
        var lines = new List<string> { Prompt("s1", Cwd, Day1, "p1", "go", mode: "acceptEdits") };
        string[][] decisions =
        [
            ["accept", "user_temporary", "", ""], ["accept", "user_permanent", "", ""], ["reject", "user_reject", "", "user-rejected"], ["accept", "config", "rule", ""],
            ["accept", "config", "mode", ""], ["accept", "config", "classifier", ""], ["accept", "hook", "hook", ""], ["reject", "config", "rule", "permission-rule"], ["reject", "hook", "hook", "permission-rule"],
            ["reject", "config", "asyncAgent", "permission-rule"], ["reject", "user_abort", "", ""],
        ];
        for (var i = 0; i < decisions.Length; i++)
        {
            var d = decisions[i];
            lines.Add(Assistant("s1", Cwd, Day1.AddMinutes(i), $"m{i}", $"r{i}", 1, 1, block: ToolUse($"t{i}", "Bash", new() { ["command"] = "ls" })));
            lines.Add(ToolResult("s1", Cwd, Day1.AddMinutes(i).AddSeconds(1), $"u{i}", $"t{i}", "x", d[0], d[1], d[2].Length > 0 ? d[2] : null, d[3].Length > 0 ? d[3] : null));
        }

        lines.Add(PermissionMode("s1", "bypassPermissions"));
        lines.Add(Prompt("s1", Cwd, Day1.AddMinutes(59), "p2", "more", mode: "bypassPermissions"));
        Write(dir, "-a", "s1", [.. lines]);

        var p = Read(dir).Permissions;

        Assert.Equal((2, 1, 1), (p.AllowedByPerson, p.RejectedByPerson, p.AllowedByRule));
        Assert.Equal((1, 1, 1), (p.AllowedByMode, p.AllowedByClassifier, p.AllowedByHook));
        Assert.Equal((1, 1), (p.DeniedByRule, p.DeniedByHook));
        Assert.Equal((1, 1), (p.AskedNoApprover, p.Interrupted));
        Assert.Equal(3, p.Prompts);
        Assert.Equal(Math.Round(2.0 / 3, 3), p.ShareApproved);
        Assert.Equal(Math.Round(3 / p.SessionHours, 2), p.PromptsPerSessionHour);
        Assert.Equal(["acceptEdits", "bypassPermissions"], p.SessionsByMode.Select(m => m.Name));
    }

    [Fact]
    public void BypassSession_IsCountedAndAnAnomaly()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1", Prompt("s1", Cwd, Day1, "p1", "go"), PermissionMode("s1", "bypassPermissions"));
        Write(dir, "-a", "s2", Prompt("s2", Cwd, Day1, "p2", "go"));

        var activity = Read(dir);

        Assert.Equal((2, 1), (activity.Sessions, activity.BypassSessions));
        var anomaly = Assert.Single(activity.Anomalies);
        Assert.Equal((ActivityBaselines.FirstBypass, Cwd, "2026-11-02"), (anomaly.Kind, anomaly.LaunchDirectory, anomaly.When));
    }

    [Fact]
    public void SecretsInToolResults_AreCountedAndRedacted_NeverKept()
    {
        const string Token = "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";
        using var dir = new TempDir();
        Write(dir, "-a", "s1",
            Assistant("s1", Cwd, Day1, "m1", "r1", 1, 1, block: ToolUse("t1", "Bash", new() { ["command"] = $"echo GITHUB_TOKEN={Token}" })),
            ToolResult("s1", Cwd, Day1.AddSeconds(1), "u1", "t1", $"GITHUB_TOKEN={Token}\n", "accept", "user_temporary"),
            Assistant("s1", Cwd, Day1.AddSeconds(2), "m2", "r2", 1, 1, block: ToolUse("t2", "Read", new() { ["file_path"] = Cwd + "/.env" })),
            ToolResult("s1", Cwd, Day1.AddSeconds(3), "u2", "t2", $"token={Token}", "accept", "config", "rule"));

        var activity = Read(dir);

        var secret = Assert.Single(activity.SecretsInToolResults);
        Assert.Equal(("GitHubToken", 2, 1), (secret.Kind, secret.Occurrences, secret.Sessions));
        Assert.Equal(Redaction.Fingerprint(Token), secret.Fingerprint);
        Assert.Equal("EnvFile", Assert.Single(activity.Files, f => f.Path.EndsWith(".env", StringComparison.Ordinal)).Sensitive);
        var json = JsonSerializer.Serialize(activity, AuditJson.Options);
        Assert.DoesNotContain(Token, json, StringComparison.Ordinal);
        Assert.Contains("ghp_…[redacted", Assert.Single(activity.Commands).Command, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolInputs_GiveDomainsMcpCallsFilesAndFileHistory()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1",
            Assistant("s1", Cwd, Day1, "m1", "r1", 1, 1, block: ToolUse("t1", "WebFetch", new() { ["url"] = "https://Docs.Example.com/a?b", ["prompt"] = "x" })),
            Assistant("s1", Cwd, Day1, "m2", "r2", 1, 1, block: ToolUse("t2", "WebSearch", new() { ["query"] = "q", ["allowed_domains"] = new[] { "learn.microsoft.com" } })),
            Assistant("s1", Cwd, Day1, "m3", "r3", 1, 1, block: ToolUse("t3", "mcp__db__query", new() { ["sql"] = "select 1" })),
            Assistant("s1", Cwd, Day1, "m4", "r4", 1, 1, block: ToolUse("t4", "Edit", new() { ["file_path"] = "/home/dev/.aws/credentials", ["old_string"] = "a", ["new_string"] = "b" })),
            """{"type":"file-history-snapshot","messageId":"x","snapshot":{"messageId":"x","trackedFileBackups":{"/home/dev/app/src/a.cs":{"backupFileName":"b","version":1}},"timestamp":"2026-11-02T09:00:00.000Z"},"isSnapshotUpdate":false}""" + "\n");

        var activity = Read(dir);

        Assert.Contains(new DomainActivity("WebFetch", "docs.example.com", 1), activity.Domains);
        Assert.Contains(new DomainActivity("WebSearch", "learn.microsoft.com", 1), activity.Domains);
        Assert.Equal(new McpToolActivity("db", "query", 1), Assert.Single(activity.McpCalls));
        Assert.Equal(new FileTouch("/home/dev/.aws/credentials", 0, 1, false, "CredentialStore"), activity.Files[0]);
        Assert.Contains(new FileTouch("/home/dev/app/src/a.cs", 0, 0, true, null), activity.Files);
    }

    [Fact]
    public void FileHistoryDelta_MarksItsTrackingPathAsBackedUp()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1",
            Assistant("s1", Cwd, Day1, "m1", "r1", 1, 1, block: ToolUse("t1", "Write", new() { ["file_path"] = "/home/dev/app/src/b.cs", ["content"] = "x" })),
            """{"type":"file-history-delta","messageId":"m1","trackingPath":"/home/dev/app/src/b.cs","backup":{"backupFileName":"b@v1","version":1,"backupTime":"2026-11-02T09:00:01.000Z"},"sessionId":"s1"}""" + "\n",
            """{"type":"file-history-delta","messageId":"m1","trackingPath":"/home/dev/app/src/c.cs","backup":{"backupFileName":"c@v1","version":1},"sessionId":"s1"}""" + "\n",
            """{"type":"file-history-delta","messageId":"m1","trackingPath":null,"sessionId":"s1"}""" + "\n",
            """{"type":"file-history-delta","messageId":"m1","sessionId":"s1"}""" + "\n");

        var activity = Read(dir);

        Assert.Empty(activity.UnknownRecordTypes);
        Assert.Equal(
            [new FileTouch("/home/dev/app/src/b.cs", 0, 1, true, null), new FileTouch("/home/dev/app/src/c.cs", 0, 0, true, null)],
            activity.Files.OrderBy(f => f.Path, StringComparer.Ordinal));
    }

    [Fact]
    public void EnvironmentAttachment_AdditionalWorkingDirectories_AreNotOutsideTheWorkdir()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1",
            """{"parentUuid":null,"isSidechain":false,"attachment":{"type":"environment","snapshot":{"workingDirectory":"/home/dev/app","isWorktree":false,"isGitRepo":true,"additionalWorkingDirectories":["/home/dev/shared"],"platform":"linux","shell":"bash"}},"type":"attachment","uuid":"e1","timestamp":"2026-11-02T09:00:00.000Z","cwd":"/home/dev/app","sessionId":"s1","version":"2.1.328"}""" + "\n",
            Assistant("s1", Cwd, Day1, "m1", "r1", 1, 1, block: ToolUse("t1", "Bash", new() { ["command"] = "cp out.txt /home/dev/shared/out.txt" })),
            Assistant("s1", Cwd, Day1, "m2", "r2", 1, 1, block: ToolUse("t2", "Bash", new() { ["command"] = "cp out.txt /home/dev/other/out.txt" })));
        Write(dir, "-b", "s2", Assistant("s2", Cwd, Day1, "m3", "r3", 1, 1, block: ToolUse("t3", "Bash", new() { ["command"] = "cp x.txt /home/dev/shared/x.txt" })));

        var activity = Read(dir);
        var commands = activity.Commands;

        Assert.Equal(["/home/dev/shared"], Assert.Single(activity.LaunchDirectories).AddedDirectories);
        Assert.DoesNotContain(CommandClassifier.WriteOutside, Assert.Single(commands, c => c.Command.Contains("/home/dev/shared/out", StringComparison.Ordinal)).Categories);
        Assert.Contains(CommandClassifier.WriteOutside, Assert.Single(commands, c => c.Command.Contains("/home/dev/other/", StringComparison.Ordinal)).Categories);
        Assert.Contains(CommandClassifier.WriteOutside, Assert.Single(commands, c => c.Command.Contains("/home/dev/shared/x", StringComparison.Ordinal)).Categories);
    }

    [Fact]
    public void HostileFiles_BecomeDiagnostics_AndTheGoodLinesStillCount()
    {
        using var dir = new TempDir();
        var good = Assistant("s1", Cwd, Day1, "m1", "r1", 3, 1);
        Write(dir, "-a", "malformed", "garbage\n", good, "{\"type\":\"future-record\",\"x\":1}\n", "[1,2]\n", "{\"type\":\"mode\",\"mode\":\"normal\",\"futureField\":1,\"alsoNew\":2}\n", "{\"type\":\"assistant\",\"message\":{\"id\":");
        dir.WriteBytes(Path.Combine("home", ".claude", "projects", "-a", "binary.jsonl"), [0, 1, 2, 0, 0, 0, .. Encoding.UTF8.GetBytes(good)]);
        dir.WriteBytes(Path.Combine("home", ".claude", "projects", "-a", "latin1.jsonl"),
            [.. Encoding.UTF8.GetBytes(Assistant("s2", Cwd, Day1, "m2", "r2", 5, 1).Replace("\"ok\"", "\"caf#\"", StringComparison.Ordinal)).Select(b => b == '#' ? (byte)0xE9 : b)]);
        var huge = Assistant("s3", Cwd, Day1, "m3", "r3", 11, 1, block: new() { ["type"] = "text", ["text"] = new string('x', 3 * 1024 * 1024) });
        Write(dir, "-a", "huge", huge, good.Replace("m1", "m4", StringComparison.Ordinal));
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics, new ActivityOptions { MaxLineBytes = 2 * 1024 * 1024 });

        // m1 (3) + m2 from the non-UTF-8 file (5) + m4 after the oversized line (3); the 3 MiB line is over the 2 MiB cap.
        Assert.Equal(3 + 5 + 3, activity.InputTokens);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineMalformed && d.Location!.Line == 1);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTruncated);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.FileBinary);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.FileNotUtf8);
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTooLong && d.Location!.Line == 1);
        Assert.Equal([new NamedCount("(not an object)", 1), new NamedCount("future-record", 1)], activity.UnknownRecordTypes);
        Assert.Equal([new NamedCount("mode.futureField", 1)], activity.UnknownFields);
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool AnyBytes_NeverThrow(FsCheck.NonEmptyArray<byte> noise, bool asJsonish)
    {
        using var dir = new TempDir();
        var bytes = noise.Get;
        const string Jsonish = "{}[]\":,\\\n0123456789.eE-truefalsnl\"type\":\"assistant\"\"message\"\"usage\"\"tool_use\"";
        var text = asJsonish ? string.Concat(bytes.Select(b => Jsonish[b % Jsonish.Length])) : null;
        if (text is not null)
        {
            dir.Write(Path.Combine("home", ".claude", "projects", "-a", "s.jsonl"), Assistant("s", Cwd, Day1, "m", "r", 1, 1) + text);
        }
        else
        {
            dir.WriteBytes(Path.Combine("home", ".claude", "projects", "-a", "s.jsonl"), [.. Encoding.UTF8.GetBytes(Assistant("s", Cwd, Day1, "m", "r", 1, 1)), .. bytes]);
        }

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], []);
        return activity.InputTokens >= 1 || bytes.Take(8192).Contains((byte)0);
    }

    [Fact]
    public void MultiMegabyteLine_UnderTheCap_IsRead()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1", Assistant("s1", Cwd, Day1, "m1", "r1", 9, 1, block: new() { ["type"] = "text", ["text"] = new string('y', 5 * 1024 * 1024) }));
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);

        Assert.Equal(9, activity.InputTokens);
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void SinceUntilAndProject_LimitWhatCounts()
    {
        using var dir = new TempDir();
        Write(dir, "-a", "s1", Prompt("s1", Cwd, Day1, "p1", "a"), Assistant("s1", Cwd, Day1, "m1", "r1", 1, 0));
        Write(dir, "-a", "s2", Prompt("s2", Cwd + "/sub", Day1.AddDays(2), "p2", "b"), Assistant("s2", Cwd + "/sub", Day1.AddDays(2), "m2", "r2", 10, 0));
        Write(dir, "-b", "s3", Prompt("s3", "/home/dev/other", Day1.AddDays(2), "p3", "c"), Assistant("s3", "/home/dev/other", Day1.AddDays(2), "m3", "r3", 100, 0));

        Assert.Equal(111, Read(dir).InputTokens);
        Assert.Equal(110, Read(dir, new ActivityOptions(Since: DateOnly.FromDateTime(Day1.AddDays(1)))).InputTokens);
        Assert.Equal(1, Read(dir, new ActivityOptions(Until: DateOnly.FromDateTime(Day1))).InputTokens);
        var project = Read(dir, new ActivityOptions(Project: Cwd));
        Assert.Equal((11L, 2, 2), (project.InputTokens, project.Sessions, project.Prompts));
    }

    [Fact]
    public void Audit_CarriesTheActivity()
    {
        using var fixture = new FixtureHome();

        var report = Auditor.Run(fixture.Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;

        Assert.Equal(3, report.Activity.ToolCalls);
        Assert.Equal(2, report.Activity.Commands.Count);
        Assert.Contains("1 session(s)", report.Steps.Single(s => s.Step == Core.Rules.AuditStep.Monitoring).Notes, StringComparison.Ordinal);
    }

    [Fact]
    public void LiveSessions_AreReadFromTheRegistry_AndMalformedEntriesAreDiagnostics()
    {
        using var dir = new TempDir();
        dir.Write("home/.claude/sessions/4242.json", """{"pid":4242,"sessionId":"s-live","cwd":"/home/dev/app","startedAt":1795582000000,"version":"2.1.90","kind":"interactive","entrypoint":"cli","name":"fix","status":"busy","messagingSocketPath":"/tmp/cc-socks/4242.sock"}""");
        dir.Write("home/.claude/sessions/4242.abc.key", "not json, not read");
        dir.Write("home/.claude/sessions/77.json", """{"sessionId":"s-bare","cwd":"/home/dev/api"}""");
        dir.Write("home/.claude/sessions/88.json", """{"pid":88,""");
        dir.Write("home/.claude/sessions/99.json", "[1]");
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);

        Assert.Equal(
            [
                new LiveSession("/home/dev/api", "s-bare", "77", null, null, null, null, null),
                new LiveSession("/home/dev/app", "s-live", "4242", "interactive", "cli", "2.1.90", "busy", DateTimeOffset.FromUnixTimeMilliseconds(1795582000000)),
            ],
            activity.LiveSessions);
        Assert.Equal(
            [(DiagnosticCodes.JsonMalformed, "88.json"), (DiagnosticCodes.JsonWrongType, "99.json")],
            diagnostics.Select(d => (d.Code, Path.GetFileName(d.Location!.Path))));
    }

    [Fact]
    public void McpLogs_PerServerFilesSpanErrorsAndRedactedSecrets()
    {
        const string Token = "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";
        using var dir = new TempDir();
        const string Logs = "home/.cache/claude-cli-nodejs";
        dir.Write($"{Logs}/-home-dev-app/mcp-logs-gh/2026-11-25T04-54-58-467Z.jsonl",
            """{"debug":"Starting connection with timeout of 30000ms","timestamp":"2026-11-25T04:54:58.470Z","sessionId":"s1","cwd":"/home/dev/app"}""" + "\n" +
            $$"""{"error":"Server stderr: using token {{Token}}","timestamp":"2026-11-25T04:54:59.000Z","sessionId":"s1","cwd":"/home/dev/app"}""" + "\n" +
            "not json\n");
        dir.Write($"{Logs}/-home-dev-api/mcp-logs-gh/2026-11-26T10-00-00-000Z.jsonl",
            $$"""{"error":{"message":"x"},"timestamp":"2026-11-26T10:00:01.000Z","cwd":"/home/dev/api"}""" + "\n" +
            $$"""{"debug":"again {{Token}}","timestamp":"2026-11-26T10:00:02.000Z","cwd":"/home/dev/api"}""" + "\n");
        dir.Write($"{Logs}/-home-dev-app/mcp-logs-fs/2026-11-25T04-54-58-467Z.jsonl",
            """{"debug":"Successfully connected","timestamp":"2026-11-25T04:54:58.500Z","cwd":"/home/dev/app"}""" + "\n");
        dir.Write($"{Logs}/-home-dev-app/other/x.jsonl", """{"error":"not an MCP log","timestamp":"2026-11-25T04:54:58.500Z"}""" + "\n");
        var diagnostics = new List<Diagnostic>();

        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics);

        Assert.Equal(2, activity.McpLogs.Count);
        Assert.Equal(new McpLogActivity("fs", 1, 0, DateTimeOffset.Parse("2026-11-25T04:54:58.500Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-25T04:54:58.500Z", CultureInfo.InvariantCulture), []), activity.McpLogs[0] with { Secrets = [] });
        var gh = activity.McpLogs[1];
        Assert.Equal(("gh", 2, 2), (gh.Server, gh.Files, gh.ErrorLines));
        Assert.Equal((DateTimeOffset.Parse("2026-11-25T04:54:58.470Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-26T10:00:02.000Z", CultureInfo.InvariantCulture)), (gh.FirstLog!.Value, gh.LastLog!.Value));
        var secret = Assert.Single(gh.Secrets);
        Assert.Equal(("GitHubToken", Redaction.Fingerprint(Token), 2), (secret.Kind, secret.Fingerprint, secret.Occurrences));
        Assert.DoesNotContain(Token, JsonSerializer.Serialize(activity, AuditJson.Options), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, string.Concat(ActivityTables.All(activity).SelectMany(t => t.Rows).SelectMany(r => r)), StringComparison.Ordinal);
        var bad = Assert.Single(diagnostics);
        Assert.Equal((DiagnosticCodes.JsonlLineMalformed, 3), (bad.Code, bad.Location!.Line));
    }

    [Fact]
    public void McpLogs_FollowTheDateAndProjectScope()
    {
        using var dir = new TempDir();
        dir.Write("home/.cache/claude-cli-nodejs/-a/mcp-logs-gh/1.jsonl",
            """{"debug":"in","timestamp":"2026-11-25T04:54:58.470Z","cwd":"/home/dev/app"}""" + "\n" +
            """{"error":"other project","timestamp":"2026-11-25T04:54:59.000Z","cwd":"/home/dev/api"}""" + "\n" +
            """{"error":"too late","timestamp":"2026-11-27T04:54:59.000Z","cwd":"/home/dev/app"}""" + "\n");

        var activity = Read(dir, new ActivityOptions(Until: new DateOnly(2026, 11, 26), Project: "/home/dev/app"));

        Assert.Equal(new McpLogActivity("gh", 1, 0, DateTimeOffset.Parse("2026-11-25T04:54:58.470Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-25T04:54:58.470Z", CultureInfo.InvariantCulture), []), Assert.Single(activity.McpLogs) with { Secrets = [] });
    }

    private static void Write(TempDir dir, string project, string name, params string[] lines) =>
        dir.Write(Path.Combine("home", ".claude", "projects", project, name + ".jsonl"), string.Concat(lines));

    private static ActivitySummary Read(TempDir dir, ActivityOptions? options = null)
    {
        var diagnostics = new List<Diagnostic>();
        var activity = ActivityReader.Read([ClaudeHomeLocator.Default(dir.Combine("home"), "test")], diagnostics, options);
        Assert.Empty(diagnostics);
        return activity;
    }
}
