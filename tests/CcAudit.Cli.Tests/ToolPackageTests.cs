using System.Diagnostics;
using CcAudit.Core.Analysis;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Cli.Tests;

/// <summary>The README's install path: <c>dotnet pack</c>, then <c>dotnet tool install --add-source</c>, then the installed command runs.</summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task PackedTool_InstallsFromTheLocalSource_AndRuns()
    {
        var packages = _dir.Combine("packages");
        var tools = _dir.Combine("tools");
        // Build output and intermediates go to scratch too: a Release pack must not race the test run's own bin/obj.
        await DotnetAsync("pack", Path.Combine(TestEnvironment.RepoRoot, "src", "CcAudit.Cli"), "-c", "Release", "-o", packages, "--artifacts-path", _dir.Combine("artifacts"));
        Assert.Single(Directory.GetFiles(packages, "ccaudit.*.nupkg"));

        // Only the local source, so a package of the same name on nuget.org can never be what gets installed.
        var config = _dir.Write("nuget.config", "<configuration><packageSources><clear /></packageSources></configuration>");
        await DotnetAsync("tool", "install", "ccaudit", "--tool-path", tools, "--add-source", packages, "--configfile", config);
        var ccaudit = Path.Combine(tools, OperatingSystem.IsWindows() ? "ccaudit.exe" : "ccaudit");

        Assert.Equal((await CliRunner.RunAsync("version")).Out, await RunAsync(ccaudit, "version"));
        Assert.Equal((await CliRunner.RunAsync("rules", "list", "--format", "json")).Out, await RunAsync(ccaudit, "rules", "list", "--format", "json"));
        var table = await RunAsync(ccaudit, "rules", "list");
        Assert.All(AnalyzerRegistry.Rules, rule => Assert.Contains(rule.Id, table, StringComparison.Ordinal));
    }

    private Task<string> DotnetAsync(params string[] args) => RunAsync("dotnet", args);

    private async Task<string> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _dir.Path,
        };
        // The tool and the SDK must not write into the real home's data or first-run state.
        start.Environment["XDG_DATA_HOME"] = _dir.Combine("data");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(10));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
