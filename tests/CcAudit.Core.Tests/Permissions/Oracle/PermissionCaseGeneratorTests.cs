using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Core.Tests.Permissions.Oracle;

public sealed class PermissionCaseGeneratorTests
{
    [Fact]
    public void SameSeed_SameCases_OtherSeed_OtherCases()
    {
        var first = PermissionCaseGenerator.Generate(7, 5, 20).Select(c => c.ToJsonString()).ToList();
        var again = PermissionCaseGenerator.Generate(7, 5, 20).Select(c => c.ToJsonString()).ToList();
        var other = PermissionCaseGenerator.Generate(8, 5, 20).Select(c => c.ToJsonString()).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(100, first.Count);
    }

    [Fact]
    public void EveryCase_IsAValidCaseWithAUniqueId_AndEveryFamilyAppears()
    {
        var cases = PermissionCaseGenerator.Generate(1, 40, 64).Select((c, i) => PermissionCase.Parse(c.ToJsonString(), "gen", i + 1)).ToList();

        Assert.All(cases, c => Assert.NotNull(c.Value));
        Assert.Equal(cases.Count, cases.Select(c => c.Value!.Id).Distinct().Count());
        Assert.Equal(["Bash", "Edit", "Read", "WebFetch", "WebSearch", "Write", "mcp"], cases.Select(c => c.Value!.Tool.StartsWith("mcp__", StringComparison.Ordinal) ? "mcp" : c.Value!.Tool).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(["acceptEdits", "bypassPermissions", "default", "dontAsk", "manual"], cases.Select(c => c.Value!.Context.Mode).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(cases, c => !c.Value!.Context.Trusted);
        Assert.Contains(cases, c => c.Value!.Raw.GetProperty("settings").TryGetProperty("managed", out _));
    }
}
