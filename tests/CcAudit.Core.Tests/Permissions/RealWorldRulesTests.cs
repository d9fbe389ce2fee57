using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Permissions;
using CcAudit.Core.Reach;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions;

/// <summary>The public-repository rule set (TestData/Permissions/realworld) and the compiled Bash globs the engine matches with.</summary>
public sealed class RealWorldRulesTests
{
    [Fact]
    public void RulesFile_HasProvenanceForEveryRepository_AndNoSecretTheScannerFinds()
    {
        var file = TestEnvironment.TestData("Permissions", "realworld", "rules.jsonl");
        var repos = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        Assert.True(repos.Count >= 300, $"{repos.Count} repositories");
        Assert.Equal(repos.Count, repos.Select(r => r.GetProperty("repo").GetString()).Distinct(StringComparer.Ordinal).Count());
        foreach (var repo in repos)
        {
            Assert.Matches("^[0-9a-f]{40}$", repo.GetProperty("commit").GetString()!);
            Assert.EndsWith(".json", repo.GetProperty("path").GetString()!, StringComparison.Ordinal);
            var rules = new[] { "allow", "ask", "deny" }.Where(k => repo.TryGetProperty(k, out _)).SelectMany(k => repo.GetProperty(k).EnumerateArray()).Select(r => r.GetString()!);
            foreach (var rule in rules)
            {
                Assert.True(SecretScanner.Scan(rule).Count == 0, $"{repo.GetProperty("repo")}: a rule holds something secret-like");
            }
        }
    }

    [Theory]
    [InlineData("git push *", "git push", true)]
    [InlineData("git push *", "git push origin main", true)]
    [InlineData("git push *", "git pushx", false)]
    [InlineData("npm run build:*", "npm run build:prod", true)]
    [InlineData("python3 -c ' *", "python3 -c 'print(1)'", false)]
    [InlineData("python3 -c ' *", "python3 -c ' print(1)'", true)]
    [InlineData("pytest*", "pytest -q", true)]
    [InlineData("*", "anything at all", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "acb", false)]
    [InlineData("aa*aa", "aaa", false)]
    [InlineData("x *", "", false)]
    [InlineData("grep *.py", "grep a.py\nb.py", true)]
    public void BashGlob_MatchesLikeTheRegularExpressionItReplaces(string pattern, string text, bool expected)
    {
        Assert.Equal(expected, BashGlob.Compile(pattern).Matches(text));
        Assert.Equal(expected, Reference(pattern, text));
    }

    [Fact]
    public void BashGlob_AgreesWithTheRegularExpression_OnEveryRealWorldRuleAndProbe()
    {
        var file = TestEnvironment.TestData("Permissions", "realworld", "realworld-probes.jsonl");
        var cases = File.ReadLines(file).Select(l => JsonDocument.Parse(l).RootElement.Clone()).Where(c => c.GetProperty("tool").GetString() == "Bash").ToList();
        var patterns = cases.Select(c => c.GetProperty("origin").GetProperty("rule").GetString()!).Where(r => r.StartsWith("Bash(", StringComparison.Ordinal) && r.EndsWith(')'))
            .Select(r => r[5..^1]).Select(s => s.EndsWith(":*", StringComparison.Ordinal) ? s[..^2] + " *" : s).Distinct().Take(400).ToList();
        var commands = cases.Select(c => c.GetProperty("input").GetProperty("command").GetString()!).Take(600).ToList();
        foreach (var pattern in patterns)
        {
            var glob = BashGlob.Compile(pattern);
            foreach (var command in commands)
            {
                Assert.True(glob.Matches(command) == Reference(pattern, command), $"{pattern} against {command}");
            }
        }
    }

    // The engine's former matcher, kept here as the specification the glob must meet.
    private static bool Reference(string pattern, string text)
    {
        if (pattern is "" or "*" or " *")
        {
            return true;
        }

        var trailing = pattern.EndsWith(" *", StringComparison.Ordinal);
        var body = trailing ? pattern[..^2] : pattern;
        var regex = "^" + Regex.Escape(body).Replace(@"\*", ".*", StringComparison.Ordinal) + (trailing ? "( .*)?" : string.Empty) + "$";
        return Regex.IsMatch(text, regex, RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }
}
