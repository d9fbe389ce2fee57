using CcAudit.Cli.Tests.TestSupport;

namespace CcAudit.Cli.Tests;

/// <summary>Every example a verb's <c>--help</c> shows is a command line the parser accepts, so examples cannot rot.</summary>
public sealed class HelpExamplesTests
{
    [Theory]
    [InlineData("scan")]
    [InlineData("check")]
    [InlineData("reach")]
    [InlineData("completion")]
    public async Task HelpExamples_Parse(string verb)
    {
        var help = await CliRunner.RunAsync(verb, "--help");

        Assert.Equal(0, help.ExitCode);
        var examples = help.Out.Split('\n').Select(l => l.Trim())
            .SkipWhile(l => l != HelpText.ExamplesHeading).Skip(1).TakeWhile(l => l.Length > 0)
            .Where(l => l.StartsWith("ccaudit ", StringComparison.Ordinal)).ToList();
        Assert.True(examples.Count >= 2, help.Out);
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, false, new Dictionary<string, string?>()));
        foreach (var example in examples)
        {
            // What the shell would pass: the words before any redirection or pipe.
            var words = example.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).TakeWhile(w => w is not (">" or "|")).ToArray();
            Assert.Equal(verb, words[0]);
            var parse = root.Parse(words);
            var errors = parse.Errors.Select(e => e.Message).Concat(parse.UnmatchedTokens).ToList();
            Assert.True(errors.Count == 0, $"{example}: {string.Join("; ", errors)}");
        }
    }
}
