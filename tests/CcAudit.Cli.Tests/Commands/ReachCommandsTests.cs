using System.Diagnostics;
using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class ReachCommandsTests : IDisposable
{
    private const string Token = "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";
    private const string AwsKey = "AKIA2E0A8F3B244C9986";

    private readonly string _root = Directory.CreateTempSubdirectory("ccaudit-reach-cli-").FullName;

    private string Project => Path.Combine(_root, "project");

    private string Home => Path.Combine(_root, "home");

    public ReachCommandsTests()
    {
        Write("project/.env", $"GITHUB_TOKEN={Token}\n");
        Write("project/src/app.js", "console.log('hi');\n");
        Write("project/.claude/settings.json", """{"permissions":{"deny":["Read(**/*.pem)"]}}""");
        Write("project/certs/server.pem", "-----BEGIN PRIVATE KEY-----\n" + new string('K', 80) + "\n-----END PRIVATE KEY-----\n");
        Write("home/.aws/credentials", $"[default]\naws_access_key_id = {AwsKey}\n");
    }

    [Fact]
    public async Task Json_ListsFilesWithDecisions_AndNeverTheSecret()
    {
        var result = await CliRunner.RunAsync("reach", "--cwd", Project, "--home", Home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain(Token, result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(AwsKey, result.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(result.Out);
        var launch = json.RootElement.GetProperty("launches")[0];
        var decisions = launch.GetProperty("files").EnumerateArray()
            .ToDictionary(f => Path.GetFileName(f.GetProperty("path").GetString()!), f => f.GetProperty("read").GetProperty("decision").GetString());
        Assert.Equal("allow", decisions[".env"]);
        Assert.Equal("deny", decisions["server.pem"]);
        Assert.Equal("ask", decisions["credentials"]);
        Assert.StartsWith($"from {Project} Claude Code can read 1 secret in 1 file without asking", launch.GetProperty("verdict").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task NamedCwd_KeepsTheTrustClaudeJsonRecords_AndCountsAnUnrecordedOneAsTrusted(bool? recordedTrust, bool sharedReached)
    {
        // The project widens its working directories; Claude Code honours that only in a trusted project.
        Write("project/.claude/settings.json", """{"permissions":{"additionalDirectories":["../shared"]}}""");
        Write("shared/.env", $"GITHUB_TOKEN={Token}\n");
        if (recordedTrust is { } trust)
        {
            Write("home/.claude.json", JsonSerializer.Serialize(new { projects = new Dictionary<string, object> { [Project] = new { hasTrustDialogAccepted = trust } } }));
        }

        var result = await CliRunner.RunAsync("reach", "--cwd", Project, "--home", Home, "--format", "json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var paths = json.RootElement.GetProperty("launches")[0].GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToList();
        Assert.Equal(sharedReached, paths.Contains(Path.Combine(_root, "shared", ".env")));
        Assert.Contains(Path.Combine(Project, ".env"), paths);
    }

    [Fact]
    public async Task Console_PrintsVerdictAndPasteableDenyRules()
    {
        var result = await CliRunner.RunAsync("reach", "--cwd", Project, "--home", Home);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Claude Code can read 1 secret in 1 file without asking", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"Read(**/.env)\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"Read(~/.aws/**)\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_ToOutputFile_KeepsStdoutEmpty()
    {
        var file = Path.Combine(_root, "reach.md");

        var result = await CliRunner.RunAsync("reach", "--cwd", Project, "--home", Home, "--format", "md", "--output", file);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Out);
        var text = await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken);
        Assert.StartsWith("## Reach", text, StringComparison.Ordinal);
        Assert.Contains("| Allow | Allow |", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsFrom_ReplacesTheLaunchDirectorySettings()
    {
        Write("other/.claude/settings.json", """{"permissions":{"deny":["Read(**/.env)"]}}""");

        var result = await CliRunner.RunAsync("reach", "--cwd", Project, "--home", Home, "--settings-from", Path.Combine(_root, "other"), "--format", "json");

        using var json = JsonDocument.Parse(result.Out);
        var env = json.RootElement.GetProperty("launches")[0].GetProperty("files").EnumerateArray().Single(f => f.GetProperty("path").GetString()!.EndsWith(".env", StringComparison.Ordinal));
        Assert.Equal("deny", env.GetProperty("read").GetProperty("decision").GetString());
    }

    [Fact]
    public async Task MissingDirectory_IsAUsageError()
    {
        var result = await CliRunner.RunAsync("reach", "--cwd", Path.Combine(_root, "nope"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such directory", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UnreadableDirectoryAndFile_AreDiagnostics_WhenRunAsAnUnprivilegedUser()
    {
        Write("project/locked/inside.txt", "x");
        Write("project/sealed.env", "X=1");
        File.SetUnixFileMode(Path.Combine(Project, "locked"), UnixFileMode.None);
        File.SetUnixFileMode(Path.Combine(Project, "sealed.env"), UnixFileMode.None);
        try
        {
            using var json = JsonDocument.Parse(await RunAsUnprivilegedUser("reach", "--cwd", Project, "--home", Home, "--format", "json"));
            var diagnostics = json.RootElement.GetProperty("diagnostics").EnumerateArray().ToList();
            Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "D030" && d.GetProperty("location").GetProperty("path").GetString()!.EndsWith("locked", StringComparison.Ordinal));
            Assert.Contains(diagnostics, d => d.GetProperty("code").GetString() == "D002" && d.GetProperty("location").GetProperty("path").GetString()!.EndsWith("sealed.env", StringComparison.Ordinal));
        }
        finally
        {
            File.SetUnixFileMode(Path.Combine(Project, "locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Root reads any directory, so as root the CLI runs in an unmapped user namespace, where it is an ordinary user for
    /// real; as an ordinary user it runs in-process.
    /// </summary>
    private static async Task<string> RunAsUnprivilegedUser(params string[] args)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            var result = await CliRunner.RunAsync(args);
            Assert.True(result.ExitCode == 0, result.Error);
            return result.Out;
        }

        var cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");
        var start = new ProcessStartInfo("unshare", ["--user", "dotnet", cli, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "ccaudit did not finish");
        Assert.True(process.ExitCode == 0, "unshare --user dotnet ccaudit.dll failed (are unprivileged user namespaces allowed?): " + await stderr);
        return await stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Write(string relative, string content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
