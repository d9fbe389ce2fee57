using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Cli.Commands;
using CcAudit.Core.Tests.TestSupport;
using YamlDotNet.RepresentationModel;

namespace CcAudit.Cli.Tests;

/// <summary>The files a CI or a container uses to run ccaudit (action.yml, the README workflow, Dockerfile, pre-commit).</summary>
public sealed partial class CliDistributionTests
{
    private static string Repo(params string[] parts) => Path.Combine([TestEnvironment.RepoRoot, .. parts]);

    private static YamlMappingNode LoadYaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlNode? Get(YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Scalar(YamlNode? node) => (node as YamlScalarNode)?.Value ?? "";

    private static string ReadmeWorkflow()
    {
        var readme = File.ReadAllText(Repo("README.md"));
        var match = Regex.Match(readme, "```yaml\n(# \\.github/workflows/claude-code-audit\\.yml\n.*?)```", RegexOptions.Singleline);
        Assert.True(match.Success, "README has no workflow block");
        return match.Groups[1].Value;
    }

    [Fact]
    public void ReadmeWorkflow_UsesTheActionOfThisRepository_WithItsInputs()
    {
        var steps = (YamlSequenceNode)Get(Get(Get(LoadYaml(ReadmeWorkflow()), "jobs")!, "ccaudit")!, "steps")!;
        var ours = steps.Children.Single(s => Scalar(Get(s, "uses")).StartsWith("ccaudit/ccaudit@", StringComparison.Ordinal));
        var inputs = ((YamlMappingNode)Get(LoadYaml(File.ReadAllText(Repo("action.yml"))), "inputs")!).Children.Keys
            .Select(Scalar).ToHashSet(StringComparer.Ordinal);

        var with = (YamlMappingNode)Get(ours, "with")!;
        Assert.All(with.Children.Keys.Select(Scalar), key => Assert.Contains(key, inputs));
        Assert.Contains(Scalar(Get(with, "fail-on")), ReportOptionsBinder.FailOnValues);
        var upload = steps.Children
            .Single(s => Scalar(Get(s, "uses")).StartsWith("github/codeql-action/upload-sarif@", StringComparison.Ordinal));
        Assert.Equal(Scalar(Get(with, "sarif")), Scalar(Get(Get(upload, "with")!, "sarif_file")));
        // No step may rely on a tool the clean runner does not have (the old example installed an unpublished package).
        Assert.DoesNotContain(steps.Children, s => Scalar(Get(s, "run")).Contains("dotnet tool install", StringComparison.Ordinal));
    }

    [Fact]
    public void Action_BuildsTheCliFromPathsThatExist_AndRunsCheck()
    {
        var action = LoadYaml(File.ReadAllText(Repo("action.yml")));
        var runs = Get(action, "runs")!;
        Assert.Equal("composite", Scalar(Get(runs, "using")));
        var steps = ((YamlSequenceNode)Get(runs, "steps")!).Children;

        var setup = steps.Single(s => Scalar(Get(s, "uses")).StartsWith("actions/setup-dotnet@", StringComparison.Ordinal));
        var globalJson = Scalar(Get(Get(setup, "with")!, "global-json-file"))
            .Replace("${{ github.action_path }}/", "", StringComparison.Ordinal);
        Assert.True(File.Exists(Repo(globalJson)), globalJson);
        var sdk = JsonDocument.Parse(File.ReadAllText(Repo(globalJson))).RootElement.GetProperty("sdk").GetProperty("version").GetString();
        Assert.StartsWith("10.", sdk, StringComparison.Ordinal);

        var scripts = string.Join('\n', steps.Select(s => Scalar(Get(s, "run"))));
        var projects = ProjectPath().Matches(scripts).Select(m => m.Value).ToList();
        Assert.Contains("src/CcAudit.Cli/CcAudit.Cli.csproj", projects);
        Assert.All(projects, p => Assert.True(File.Exists(Repo(p)), p));
        Assert.Contains("-c Release", scripts, StringComparison.Ordinal);
        Assert.Contains("ccaudit check \"$CCAUDIT_PATH\" --fail-on \"$CCAUDIT_FAIL_ON\"", scripts, StringComparison.Ordinal);
        // Inputs reach the shell only through env: an input spliced into a script is a script injection.
        Assert.DoesNotContain("${{ inputs.", scripts, StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_PublishesTheCliInRelease_OnTheFrameworkItNeeds()
    {
        var lines = File.ReadAllLines(Repo("Dockerfile")).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var froms = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, froms.Count);
        Assert.Contains("/dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);

        var publish = Assert.Single(lines, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal));
        Assert.Contains("src/CcAudit.Cli/CcAudit.Cli.csproj", publish, StringComparison.Ordinal);
        Assert.Contains("-c Release", publish, StringComparison.Ordinal);
        var copies = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from", StringComparison.Ordinal));
        foreach (var copy in copies)
        {
            var sources = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1];
            Assert.All(sources, s => Assert.True(Path.Exists(Repo(s)), $"{copy}: {s} does not exist"));
        }

        // The runtime stage must carry every shared framework the published CLI asks for.
        var frameworks = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ccaudit.runtimeconfig.json")))
            .RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray()
            .Select(f => f.GetProperty("name").GetString()).ToList();
        var image = frameworks.Contains("Microsoft.AspNetCore.App") ? "/dotnet/aspnet:10.0" : "/dotnet/runtime:10.0";
        Assert.Contains(image, froms[1], StringComparison.Ordinal);
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/opt/ccaudit/ccaudit.dll\"]", lines);
        Assert.Contains("COPY --from=build /app /opt/ccaudit", lines);
    }

    [Fact]
    public void PreCommitHook_RunsACheckCommandThatParses()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(Repo(".pre-commit-hooks.yaml"))));
        var hook = Assert.Single(((YamlSequenceNode)stream.Documents[0].RootNode).Children);
        var entry = Scalar(Get(hook, "entry")).Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["ccaudit", "check"], entry[..2]);
        Assert.Equal("false", Scalar(Get(hook, "pass_filenames")));
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, false, new Dictionary<string, string?>()));
        var parse = root.Parse(entry[1..]);
        Assert.Empty(parse.Errors);
        Assert.Empty(parse.UnmatchedTokens);
        var files = new Regex(Scalar(Get(hook, "files")));
        Assert.Matches(files, ".claude/settings.json");
        Assert.Matches(files, "packages/web/.mcp.json");
        Assert.DoesNotMatch(files, "src/Program.cs");
    }

    [Fact]
    public void LicenseAndChangelog_AreThere()
    {
        Assert.StartsWith("MIT License", File.ReadAllText(Repo("LICENSE")), StringComparison.Ordinal);
        Assert.Contains("ccaudit contributors", File.ReadAllText(Repo("LICENSE")), StringComparison.Ordinal);
        Assert.Contains("ccaudit completion", File.ReadAllText(Repo("CHANGELOG.md")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"src/[A-Za-z0-9./]+\.csproj")]
    private static partial Regex ProjectPath();
}
