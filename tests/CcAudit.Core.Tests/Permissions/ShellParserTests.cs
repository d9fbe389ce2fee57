using CcAudit.Core.Permissions;

namespace CcAudit.Core.Tests.Permissions;

public sealed class ShellParserTests
{
    [Theory]
    [InlineData("git status && echo ok", new[] { "git status", "echo ok" })]
    [InlineData("a || b; c | d |& e & f\ng", new[] { "a", "b", "c", "d", "e", "f", "g" })]
    [InlineData("echo 'a && b' \"c;d\"", new[] { "echo a && b c;d" })]
    [InlineData("(cd src && make) ; ls", new[] { "cd src", "make", "ls" })]
    [InlineData("echo a\\ b", new[] { "echo a b" })]
    [InlineData("cat README.md | grep foo # trailing comment", new[] { "cat README.md", "grep foo" })]
    public void Parse_SplitsIntoSimpleCommands(string line, string[] expected)
    {
        Assert.Equal(expected, ShellParser.Parse(line).Commands.Select(c => c.Text));
    }

    [Fact]
    public void Parse_CollectsRedirectionTargetsButNotDevNull()
    {
        var command = Assert.Single(ShellParser.Parse("echo hi > out.txt 2>/dev/null >> log.txt 2>&1").Commands);

        Assert.Equal(["out.txt", "log.txt"], command.WriteTargets);
        Assert.Equal("echo hi", command.Text);
    }

    [Theory]
    [InlineData("echo $(cat ~/.ssh/id_rsa)", true, false)]
    [InlineData("echo `id`", true, false)]
    [InlineData("diff <(ls a) <(ls b)", true, false)]
    [InlineData("echo FOO=$FOO_TEST", false, true)]
    [InlineData("echo '$NOT_A_VAR'", false, false)]
    public void Parse_FlagsSubstitutionsAndVariables(string line, bool substitution, bool variable)
    {
        var commands = ShellParser.Parse(line).Commands;

        Assert.Equal(substitution, commands.Any(c => c.HasSubstitution));
        Assert.Equal(variable, commands.Any(c => c.HasVariable));
    }

    [Theory]
    [InlineData("cat <<'EOF'\nhello $(rm -rf /)\nEOF", new[] { "cat" }, false)]
    [InlineData("cat <<EOF\nhello\nEOF\necho after", new[] { "cat", "echo after" }, true)]
    [InlineData("cat <<-\"END\" > out.txt\n\tbody\n\tEND", new[] { "cat" }, false)]
    public void Parse_HereDocumentBodiesAreNotCommands_AndAnUnquotedDelimiterExpands(string line, string[] expected, bool variable)
    {
        var parse = ShellParser.Parse(line);

        Assert.False(parse.Unparsable);
        Assert.Equal(expected, parse.Commands.Select(c => c.Text));
        Assert.Equal(variable, parse.Commands[0].HasVariable);
    }

    [Fact]
    public void Parse_UnclosedHereDocument_IsUnparsable()
    {
        Assert.True(ShellParser.Parse("cat <<EOF\nno end").Unparsable);
    }

    [Theory]
    [InlineData("ls &", true, false)]
    [InlineData("ls && pwd", false, false)]
    [InlineData("ls 2>&1 | cat", false, false)]
    [InlineData("make &> log.txt", false, false)]
    [InlineData("(ls)", false, true)]
    [InlineData("echo $(ls)", false, false)]
    public void Parse_FlagsBackgroundAndSubshell(string line, bool background, bool subshell)
    {
        var parse = ShellParser.Parse(line);

        Assert.Equal(background, parse.Background);
        Assert.Equal(subshell, parse.Subshell);
    }

    [Theory]
    [InlineData("echo $HOME/x", "echo /home/dev/x", false)]
    [InlineData("echo ${HOME}", "echo /home/dev", false)]
    [InlineData("echo \"$USER\"", "echo $USER", false)]
    [InlineData("echo $USER", "echo $USER", true)]
    [InlineData("echo \"$SECRET\"", "echo $SECRET", true)]
    public void Parse_ResolvesHomeAndKnowsWellKnownVariablesInQuotes(string line, string text, bool variable)
    {
        var command = Assert.Single(ShellParser.Parse(line, "/home/dev").Commands);

        Assert.Equal(text, command.Text);
        Assert.Equal(variable, command.HasVariable);
    }

    [Fact]
    public void Parse_CommandsInsideSubstitutionsAreNested()
    {
        var parse = ShellParser.Parse("echo $(env | grep KEY) `id`");

        Assert.Equal(["env", "grep KEY", "id"], parse.Nested.Select(c => c.Text));
    }

    [Theory]
    [InlineData("echo 'unterminated")]
    [InlineData("echo \"unterminated")]
    [InlineData("echo $(unterminated")]
    [InlineData("echo >")]
    public void Parse_Unterminated_IsUnparsable(string line)
    {
        Assert.True(ShellParser.Parse(line).Unparsable);
    }

    [Theory]
    [InlineData("git push:*", "git push", true)]
    [InlineData("git push:*", "git push origin main", true)]
    [InlineData("git push:*", "git pushx", false)]
    [InlineData("git push*", "git pushx", true)]
    [InlineData("ls *", "ls -la", true)]
    [InlineData("ls *", "lsof", false)]
    [InlineData("ls*", "lsof", true)]
    [InlineData("git * main", "git push origin main", true)]
    [InlineData("npm run test", "npm run test", true)]
    [InlineData("npm run test", "npm run test2", false)]
    public void BashPatterns_FollowTheDocumentedWildcards(string pattern, string command, bool matches)
    {
        var normalized = pattern.EndsWith(":*", StringComparison.Ordinal) ? pattern[..^2] + " *" : pattern;

        Assert.Equal(matches, PermissionEngine.BashPatternMatches(normalized, command));
    }

    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Parse_NeverThrows(string? line)
    {
        _ = ShellParser.Parse(line ?? string.Empty);
        return true;
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Parse_NeverThrows_OnShellishSoup(FsCheck.NonEmptyArray<byte> picks)
    {
        string[] pieces = ["git", " ", "'", "\"", "\\", "$(", ")", "`", "&&", "||", ";", "|", "&", "\n", ">", "2>", "<(", "$VAR", "${X}", "#", "(", "{", "}", "*", "=", "-C", "."];
        var line = string.Concat(picks.Get.Select(b => pieces[b % pieces.Length]));
        _ = ShellParser.Parse(line);
        return true;
    }
}
