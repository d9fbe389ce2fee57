using System.Text.Json;
using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

/// <summary>Item 9 of issue 13: a repository's bypass finding names where the bypass sessions really come from.</summary>
public sealed class BypassSourceTests
{
    [Fact]
    public async Task Project_bypass_names_the_shell_alias_and_the_user_file_with_their_lines()
    {
        using var dir = new TempDir();
        var project = Project(dir, """{"permissions":{"defaultMode":"bypassPermissions"}}""");
        dir.Write("home/.bashrc", "export PATH=$PATH:~/bin\nalias cc='claude --dangerously-skip-permissions'\n");
        dir.Write("home/.claude/settings.json", "{\n  \"permissions\": {\n    \"defaultMode\": \"acceptEdits\"\n  }\n}");
        BypassTranscript(dir, project);

        var finding = Assert.Single(await Bypass(dir, project), f => f.Location!.Path.EndsWith("app/.claude/settings.json", StringComparison.Ordinal));
        Assert.Contains($"transcripts show bypassPermissions sessions in {project}", finding.Message, StringComparison.Ordinal);
        Assert.Contains($"{dir.Combine("home/.bashrc")}:2 starts claude in bypass", finding.Message, StringComparison.Ordinal);
        Assert.Contains(finding.Related, r => r.Location.Path == dir.Combine("home/.bashrc") && r.Location.Line == 2);
        Assert.DoesNotContain("launch flag", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_another_source_the_finding_says_a_launch_flag_or_this_file()
    {
        using var dir = new TempDir();
        var project = Project(dir, """{"permissions":{"defaultMode":"bypassPermissions"}}""");
        dir.Write("home/.bashrc", "# alias cc='claude --dangerously-skip-permissions'\n");
        BypassTranscript(dir, project);

        var finding = Assert.Single(await Bypass(dir, project));
        Assert.Contains("launch flag (--dangerously-skip-permissions, --permission-mode bypassPermissions)", finding.Message, StringComparison.Ordinal);
        Assert.Empty(finding.Related);
    }

    [Fact]
    public async Task A_local_file_that_wins_is_named_as_the_effective_source()
    {
        using var dir = new TempDir();
        var project = Project(dir, """{"permissions":{"defaultMode":"bypassPermissions"}}""");
        dir.Write("work/app/.claude/settings.local.json", "{\"permissions\":\n{\"defaultMode\":\"plan\"}}");

        var finding = Assert.Single(await Bypass(dir, project));
        Assert.Contains("effective defaultMode 'plan' comes from local settings", finding.Message, StringComparison.Ordinal);
        Assert.Contains("settings.local.json:2", finding.Message, StringComparison.Ordinal);
    }

    private static string Project(TempDir dir, string settings)
    {
        var project = dir.Combine("work", "app");
        dir.Write("work/app/.claude/settings.json", settings);
        dir.Write("home/.claude.json", JsonSerializer.Serialize(new { projects = new Dictionary<string, object> { [project] = new { hasTrustDialogAccepted = true } } }));
        return project;
    }

    private static void BypassTranscript(TempDir dir, string project)
    {
        var line = JsonSerializer.Serialize(new
        {
            type = "user", message = new { role = "user", content = "go" }, uuid = "u1", timestamp = "2026-11-25T04:55:00.455Z",
            permissionMode = "bypassPermissions", cwd = project, sessionId = "s-bypass", version = "2.1.328",
        });
        dir.Write($"home/.claude/projects/{project.Replace('/', '-')}/s-bypass.jsonl", line + "\n");
    }

    private static async Task<List<Core.Rules.Finding>> Bypass(TempDir dir, string project)
    {
        Directory.CreateDirectory(dir.Combine("managed"));
        var options = new ScanOptions([dir.Combine("home")], false, dir.Combine("managed"), [project], PathMap.None, new Dictionary<string, string?>());
        var (_, report) = await Auditor.RunAsync(options, new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken);
        return [.. report.Findings.Where(f => f.RuleId == "CCA007")];
    }
}
