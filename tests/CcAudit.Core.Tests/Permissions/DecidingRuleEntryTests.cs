using System.Text.Json;
using CcAudit.Core.Permissions;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions;

/// <summary>
/// Over every committed ground-truth case: the rule a decision names is really there, in the tier, list and file the
/// decision says, at the JSON pointer it gives. The entry travels with the decision; it is never looked up by its text,
/// so the same text as ask in one tier and deny in another, or a bare <c>Read</c> deny deciding an Edit call, cannot
/// name the wrong place or a rule nobody wrote.
/// </summary>
public sealed class DecidingRuleEntryTests
{
    public static TheoryData<string> CaseFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(TestEnvironment.TestData("Permissions"), "*.jsonl", SearchOption.AllDirectories)
            .Append(TestEnvironment.TestData("RedTeam", "oracle-redteam-probes.jsonl")).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestEnvironment.TestData(), file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseFiles))]
    public void EveryNamedRule_ExistsInTheNamedTierListAndFile(string name)
    {
        var file = TestEnvironment.TestData(name.Split('/'));
        var wrong = new List<string>();
        var named = 0;
        foreach (var (_, parsed) in PermissionCase.ReadFile(file))
        {
            if (parsed.Value is not { } c || !c.Raw.TryGetProperty("settings", out var settings))
            {
                continue;
            }

            var decision = new PermissionEngine(c.Context).Decide(c.Tool, c.Input);
            if (decision.Rule is null)
            {
                continue;
            }

            named++;
            if (Problem(c, settings, decision) is { } problem)
            {
                wrong.Add($"{c.Id} {c.Tool} {c.Input.GetRawText()}: {decision.Rule} from {decision.Source} {decision.Location?.JsonPointer}: {problem}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} of {named} named rules are not where the decision says:\n" + string.Join("\n", wrong.Take(20)));
    }

    [Fact]
    public void TheCheck_CatchesARuleNamedFromTheWrongTier()
    {
        var file = TestEnvironment.TestData("Permissions", "public-cases.jsonl");
        var c = PermissionCase.ReadFile(file).Select(r => r.Result.Value!)
            .First(x => x.Note == "deny-user" && x.Input.GetProperty("command").GetString() == "git push origin main");
        var decision = new PermissionEngine(c.Context).Decide(c.Tool, c.Input);

        Assert.Null(Problem(c, c.Raw.GetProperty("settings"), decision));
        Assert.NotNull(Problem(c, c.Raw.GetProperty("settings"), decision with { Source = "project" }));
        Assert.NotNull(Problem(c, c.Raw.GetProperty("settings"), decision with { Rule = "Bash(git push:*)" }));
    }

    private static string? Problem(PermissionCase c, JsonElement settings, PermissionDecision decision)
    {
        if (decision.Location is not { JsonPointer: { } pointer } location)
        {
            return "no location";
        }

        if (decision.Source is null || !settings.TryGetProperty(decision.Source, out var tier))
        {
            return "the named tier has no settings in the case";
        }

        var expectedFile = decision.Source switch
        {
            "managed" => "/etc/claude-code/managed-settings.json",
            "local" => c.Context.Cwd + "/.claude/settings.local.json",
            "project" => c.Context.Cwd + "/.claude/settings.json",
            "user" => c.Context.Home + "/.claude/settings.json",
            _ => "<--settings>",
        };
        if (location.Path != expectedFile)
        {
            return $"file {location.Path}, the tier's file is {expectedFile}";
        }

        var parts = pointer.Split('/');
        if (parts.Length != 4 || parts[1] != "permissions" || parts[2] is not ("allow" or "ask" or "deny") || !int.TryParse(parts[3], out var index))
        {
            return "pointer is not /permissions/<list>/<index>";
        }

        var list = tier.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Object
            && permissions.TryGetProperty(parts[2], out var l) && l.ValueKind == JsonValueKind.Array ? l : default;
        if (list.ValueKind != JsonValueKind.Array || index >= list.GetArrayLength())
        {
            return $"no entry {index} in {parts[2]}";
        }

        var written = list[index];
        return written.ValueKind == JsonValueKind.String && written.GetString() == decision.Rule ? ListMismatch(parts[2], decision) : $"entry holds {written.GetRawText()}";
    }

    /// <summary>An allow decision comes from an allow rule; a deny from a deny rule, or from an ask rule where dontAsk refuses.</summary>
    private static string? ListMismatch(string list, PermissionDecision decision) => (decision.Decision, list) switch
    {
        (PermissionDecisionKind.Allow, "allow") or (PermissionDecisionKind.Ask, "ask") or (PermissionDecisionKind.Deny, "deny" or "ask") => null,
        _ => $"a {decision.Decision} decision named a rule of the {list} list",
    };
}
