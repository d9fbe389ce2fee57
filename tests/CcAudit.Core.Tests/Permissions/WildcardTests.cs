using System.Text.RegularExpressions;
using CcAudit.Core.Permissions;

namespace CcAudit.Core.Tests.Permissions;

public sealed class WildcardTests
{
    [Theory]
    [InlineData("git *", "git status", true)]
    [InlineData("git *", "git", true)]
    [InlineData("git *", "gitk", false)]
    [InlineData("npm run *", "npm run build --prod", true)]
    [InlineData("*", "", true)]
    [InlineData("a*b*c", "abc", true)]
    [InlineData("a*b*c", "acb", false)]
    public void BashPattern_MatchesAsTheBinaryDoes(string pattern, string command, bool expected) =>
        Assert.Equal(expected, PermissionEngine.BashPatternMatches(pattern, command));

    [Fact]
    public void Wildcard_AgreesWithTheRegexItReplaces_OnRandomPatterns()
    {
        var random = new Random(13);
        for (var i = 0; i < 5000; i++)
        {
            var pattern = RandomText(random, "ab*", random.Next(0, 8));
            var text = RandomText(random, "ab", random.Next(0, 10));
            var regex = "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal) + "$";
            Assert.True(Regex.IsMatch(text, regex, RegexOptions.Singleline) == Wildcard.Matches(pattern, text), $"'{pattern}' on '{text}'");
        }
    }

    [Fact]
    public void MatchesWithin_StarNeverCrossesTheSeparator()
    {
        Assert.True(Wildcard.MatchesWithin("api.*.example.com", "api.eu.example.com", '.'));
        Assert.False(Wildcard.MatchesWithin("api.*.example.com", "api.eu.west.example.com", '.'));
        Assert.False(Wildcard.MatchesWithin("*.com", "a.b.com", '.'));
    }

    [Fact]
    public void PathologicalPattern_IsDecidedInMilliseconds()
    {
        var pattern = string.Concat(Enumerable.Repeat("*a", 200)) + "*b";
        var text = new string('a', 100_000);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Assert.False(Wildcard.Matches(pattern, text));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    private static string RandomText(Random random, string alphabet, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)])]);
}
