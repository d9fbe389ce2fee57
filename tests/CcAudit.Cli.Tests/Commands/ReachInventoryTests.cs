using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class ReachInventoryTests
{
    [Fact]
    public async Task Reach_WithoutCwd_CoversEveryLaunchDirectoryOfTheInventory()
    {
        using var dir = new TempDir();
        var home = dir.Combine("home");
        var project = dir.Combine("work", "svc");
        dir.Write(Path.Combine("work", "svc", ".env"), "STRIPE_KEY=sk_live_" + new string('a', 10) + "Zq81Lx0Pp2Wm4Nn6Rr8Tt\n");
        dir.Write(Path.Combine("home", ".claude.json"), JsonSerializer.Serialize(new { projects = new Dictionary<string, object> { [project] = new { hasTrustDialogAccepted = true } } }));
        dir.Write(Path.Combine("home", ".claude", "settings.json"), """{"permissions":{"deny":["Read(**/.envrc)"]}}""");

        var result = await CliRunner.RunAsync("reach", "--home", home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var launch = Assert.Single(doc.RootElement.GetProperty("launches").EnumerateArray());
        Assert.Equal(project, launch.GetProperty("launchDirectory").GetString());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA801");
        Assert.DoesNotContain("Zq81Lx0Pp2Wm4Nn6Rr8Tt", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Reach_WithoutCwd_UsesEachLaunchDirectorysRecordedTrust(bool trusted)
    {
        using var dir = new TempDir();
        var home = dir.Combine("home");
        var project = dir.Combine("work", "svc");
        dir.Write(Path.Combine("work", "svc", ".claude", "settings.json"), """{"permissions":{"additionalDirectories":["../shared"]}}""");
        dir.Write(Path.Combine("work", "shared", "notes.txt"), "x\n");
        dir.Write(Path.Combine("home", ".claude.json"), JsonSerializer.Serialize(new { projects = new Dictionary<string, object> { [project] = new { hasTrustDialogAccepted = trusted } } }));

        var result = await CliRunner.RunAsync("reach", "--home", home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var launch = Assert.Single(doc.RootElement.GetProperty("launches").EnumerateArray());
        var roots = launch.GetProperty("workingDirectories").EnumerateArray().Select(w => w.GetProperty("root").GetString()).ToList();
        Assert.Equal(trusted ? [project, dir.Combine("work", "shared")] : [project], roots);
    }

    [Fact]
    public async Task Reach_WithoutCwd_CountsDirectoriesTheTranscriptsSayWereAdded()
    {
        using var dir = new TempDir();
        var home = dir.Combine("home");
        var project = dir.Combine("work", "svc");
        var added = dir.Combine("work", "vault");
        dir.Write(Path.Combine("work", "svc", "README.md"), "x\n");
        dir.Write(Path.Combine("work", "vault", ".env"), "STRIPE_KEY=sk_live_" + new string('a', 10) + "Zq81Lx0Pp2Wm4Nn6Rr8Tt\n");
        dir.Write(Path.Combine("home", ".claude.json"), JsonSerializer.Serialize(new { projects = new Dictionary<string, object> { [project] = new { hasTrustDialogAccepted = true } } }));

        // What Claude Code 2.1.328 writes at session start after `claude --add-dir ../vault`: the environment attachment.
        var environment = JsonSerializer.Serialize(new
        {
            attachment = new { type = "environment", snapshot = new { workingDirectory = project, additionalWorkingDirectories = new[] { added } } },
            type = "attachment", uuid = "e1", timestamp = "2026-11-02T09:00:00.000Z", cwd = project, sessionId = "s1", version = "2.1.328",
        });
        dir.Write(Path.Combine("home", ".claude", "projects", "-work-svc", "s1.jsonl"), environment + "\n");

        var result = await CliRunner.RunAsync("reach", "--home", home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var launch = Assert.Single(doc.RootElement.GetProperty("launches").EnumerateArray());
        Assert.Equal([project, added], launch.GetProperty("workingDirectories").EnumerateArray().Select(w => w.GetProperty("root").GetString()).ToList());
        Assert.Contains(doc.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA801");
    }
}
