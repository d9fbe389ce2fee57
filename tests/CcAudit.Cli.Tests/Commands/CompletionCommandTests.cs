using System.CommandLine;
using System.Diagnostics;
using CcAudit.Cli.Completion;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests.Commands;

public sealed class CompletionCommandTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static IReadOnlyList<string> Verbs(params string[] path)
    {
        Command command = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, false, new Dictionary<string, string?>()));
        foreach (var name in path)
        {
            command = command.Subcommands.Single(c => c.Name == name);
        }

        return [.. command.Subcommands.Select(c => c.Name)];
    }

    [Fact]
    public async Task Bash_NamesEveryVerb()
    {
        var result = await CliRunner.RunAsync("completion", "bash");

        Assert.Equal(0, result.ExitCode);
        var verbs = Verbs();
        Assert.Contains("scan", verbs);
        Assert.Contains("completion", verbs);
        Assert.All(verbs, verb => Assert.Contains($"\"{verb}\"", result.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bash_CompletesVerbsSubcommandsAndOptions_WhenSourced()
    {
        var script = _dir.Write("ccaudit.bash", (await CliRunner.RunAsync("completion", "bash")).Out);

        Assert.Equal([.. Verbs().Order(StringComparer.Ordinal)],
            (await CompleteAsync(script, "")).Where(w => !w.StartsWith('-')).Order(StringComparer.Ordinal));
        Assert.Equal([.. Verbs("mcp").Order(StringComparer.Ordinal)],
            (await CompleteAsync(script, "mcp", "")).Where(w => !w.StartsWith('-')).Order(StringComparer.Ordinal));
        // An option's value is skipped, not taken for a command; the recursive --no-color is offered at every depth.
        Assert.Equal(["--fail-on", "--format"], await CompleteAsync(script, "scan", "--home", "/h", "--f"));
        Assert.Contains("--no-color", await CompleteAsync(script, "permissions", "explain", "--n"));
        Assert.Contains("--cwd", await CompleteAsync(script, "permissions", "explain", ""));
    }

    [Theory]
    [InlineData("tcsh")]
    [InlineData("BASH")]
    [InlineData("bash;rm")]
    public async Task UnknownShell_ExitsTwo(string shell)
    {
        var result = await CliRunner.RunAsync("completion", shell);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Contains("bash", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingShell_ExitsTwo() => Assert.Equal(2, (await CliRunner.RunAsync("completion")).ExitCode);

    [Theory]
    [InlineData("zsh", "_describe")]
    [InlineData("fish", "complete -c ccaudit")]
    [InlineData("pwsh", "Register-ArgumentCompleter")]
    public async Task EveryShell_NamesEveryVerb(string shell, string marker)
    {
        var result = await CliRunner.RunAsync("completion", shell);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains(marker, result.Out, StringComparison.Ordinal);
        Assert.All(Verbs(), verb => Assert.Contains(verb, result.Out, StringComparison.Ordinal));
        Assert.All(Verbs("monitor"), verb => Assert.Contains($"monitor {verb}", result.Out, StringComparison.Ordinal));
    }

    /// <summary>fish (installed by test.sh) loads the script and completes from it, with each word's help text.</summary>
    [Fact]
    public async Task Fish_CompletesSubcommandsAndOptions_WhenSourced()
    {
        var script = _dir.Write("ccaudit.fish", (await CliRunner.RunAsync("completion", "fish")).Out);

        var mcp = await RunShellAsync("fish", "--no-config", "-c", $"source '{script}'; complete -C 'ccaudit mcp '");
        Assert.Equal([.. Verbs("mcp").Order(StringComparer.Ordinal)],
            mcp.Where(l => !l.StartsWith('-')).Select(l => l.Split('\t')[0]).Order(StringComparer.Ordinal));
        var scan = await RunShellAsync("fish", "--no-config", "-c", $"source '{script}'; complete -C 'ccaudit scan --home /h --fa'");
        Assert.StartsWith("--fail-on\t", Assert.Single(scan), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zsh_ScriptIsValidZsh()
    {
        var script = _dir.Write("_ccaudit", (await CliRunner.RunAsync("completion", "zsh")).Out);

        Assert.Empty(await RunShellAsync("zsh", "-n", script));
    }

    /// <summary>Help text is quoted for each shell and a name that is not a plain word never reaches a script.</summary>
    [Fact]
    public async Task HostileNamesAndDescriptions_StayInert()
    {
        var root = new RootCommand("root");
        root.Subcommands.Add(new Command("ok", "it's $(touch pwned) `touch pwned` \\ done"));
        root.Subcommands.Add(new Command("bad;touch$(pwned)", "never offered"));
        var nodes = CompletionTree.From(root);

        Assert.Equal(["ok"], nodes[0].Subcommands.Select(w => w.Word));
        Assert.Contains("'ok:it'\\''s $(touch pwned)", CompletionScripts.For("zsh", nodes), StringComparison.Ordinal);
        var fish = CompletionScripts.For("fish", nodes);
        Assert.Contains("-d 'it\\'s $(touch pwned) `touch pwned` \\\\ done'", fish, StringComparison.Ordinal);
        var script = _dir.Write("hostile.bash", CompletionScripts.For("bash", nodes));
        Assert.Equal(["ok"], (await CompleteAsync(script, "")).Where(w => !w.StartsWith('-')));
        Assert.False(File.Exists(_dir.Combine("pwned")));
    }

    private async Task<IReadOnlyList<string>> CompleteAsync(string script, params string[] typed)
    {
        // COMP_WORDS as bash builds it for "ccaudit <typed...>" with the cursor on the last word.
        var words = string.Join(' ', new[] { "ccaudit" }.Concat(typed).Select(w => $"'{w}'"));
        var driver = $"source '{script}'; COMP_WORDS=({words}); COMP_CWORD={typed.Length}; _ccaudit; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
        return await RunShellAsync("bash", "--noprofile", "--norc", "-c", driver);
    }

    private async Task<IReadOnlyList<string>> RunShellAsync(string shell, params string[] args)
    {
        var start = new ProcessStartInfo(shell, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir.Path,
        };
        using var process = Process.Start(start)!;
        var stdout = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, stderr);
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
