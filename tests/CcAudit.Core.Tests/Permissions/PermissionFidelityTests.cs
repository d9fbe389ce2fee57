using CcAudit.Core.Permissions;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions;

/// <summary>Differential test against ground truth from the real Claude Code 2.1.328 binary (docs/permissions-fidelity.md).</summary>
public sealed class PermissionFidelityTests
{
    /// <summary>The floors documented in docs/permissions-fidelity.md: the build fails if agreement drops below one.</summary>
    [Theory]
    [InlineData("public-cases.jsonl", 208, 1.0)]
    [InlineData("prototype-oracle-cases.jsonl", 215, 1.0)]
    [InlineData("prototype-oracle-cases-2.jsonl", 108, 1.0)]
    [InlineData("prototype-oracle-cases-3.jsonl", 64, 1.0)]
    [InlineData("oracle-additional-directories.jsonl", 496, 1.0)]
    [InlineData("generated-cases-seed1.jsonl", 3573, 0.999)]
    [InlineData("generated-cases-seed2.jsonl", 3182, 0.999)]
    [InlineData("generated-cases-seed3.jsonl", 3196, 0.999)]
    [InlineData("oracle-file-commands.jsonl", 575, 0.996)]
    [InlineData("oracle-parameter-rules.jsonl", 1204, 1.0)]
    [InlineData("generated-cases-seed4.jsonl", 3185, 0.999)]
    [InlineData("oracle-seed4-classes.jsonl", 297, 0.97)]
    [InlineData("oracle-realworld.jsonl", 9295, 0.95)]
    [InlineData("oracle-settings-surface.jsonl", 196, 0.98)]
    [InlineData("oracle-bash-grammar.jsonl", 702, 0.87)]
    [InlineData("RedTeam/oracle-redteam-probes.jsonl", 43, 1.0)]
    public void GroundTruthCases_AgreeWithTheRealBinary_AtOrAboveTheFloor(string name, int count, double floor)
    {
        // A name with a folder is relative to TestData (the red team's probes), a bare name is in TestData/Permissions.
        var file = name.Contains('/', StringComparison.Ordinal)
            ? TestEnvironment.TestData(name.Split('/'))
            : TestEnvironment.TestData("Permissions", name);

        // Cases the oracle could not decide (no permission check ran) carry no expect and are not ground truth.
        var results = File.ReadLines(file).Select((line, i) => PermissionCase.Parse(line, file, i + 1).Value!)
            .Where(c => c.Expect is not null)
            .Select(c => (Case: c, Decision: new PermissionEngine(c.Context).Decide(c.Tool, c.Input)))
            .ToList();

        var wrong = results.Where(r => !string.Equals(r.Decision.Decision.ToString(), r.Case.Expect, StringComparison.OrdinalIgnoreCase)).ToList();
        var agreement = 1.0 - ((double)wrong.Count / results.Count);

        Assert.Equal(count, results.Count);
        Assert.True(agreement >= floor, $"agreement {agreement:P2} below {floor:P2}:\n" + string.Join("\n", wrong.Select(w => $"{w.Case.Id} {w.Case.Note} {w.Case.Tool} {w.Case.Input.GetRawText()}: expected {w.Case.Expect}, got {w.Decision.Decision} ({w.Decision.Reason})")));
    }

    [Fact]
    public void Decision_NamesTheDecidingRuleWithTierAndPosition()
    {
        var file = TestEnvironment.TestData("Permissions", "public-cases.jsonl");
        var deny = File.ReadLines(file).Select((line, i) => PermissionCase.Parse(line, file, i + 1).Value!)
            .First(c => c.Note == "deny-user" && c.Input.GetProperty("command").GetString() == "git push origin main");

        var decision = new PermissionEngine(deny.Context).Decide(deny.Tool, deny.Input);

        Assert.Equal(PermissionDecisionKind.Deny, decision.Decision);
        Assert.Equal("Bash(git push *)", decision.Rule);
        Assert.Equal("user", decision.Source);
        Assert.Equal("/home/dev/.claude/settings.json", decision.Location!.Path);
        Assert.Equal("/permissions/deny/0", decision.Location.JsonPointer);
    }
}
