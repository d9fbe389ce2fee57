using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Common;

/// <summary>Unit tests of the classes the hostile corpus found (its runs are in CcAudit.Cli.Tests/Trust/Corpus).</summary>
public sealed class HostileClassTests
{
    [Theory]
    [InlineData("rm \u001b[2J-rf", "rm \\u001B[2J-rf")]
    [InlineData("a\u202eb\u0007c\u009bd", "a\\u202Eb\\u0007c\\u009Bd")]
    [InlineData("tab\tand\nlines\r\nstay", "tab\tand\nlines\r\nstay")]
    [InlineData("café 日本 \u200d", "café 日本 \u200d")]
    public void Control_characters_are_shown_as_text(string text, string shown)
    {
        Assert.Equal(shown, ControlText.Neutralize(text));
    }

    [Fact]
    public void Report_json_strings_carry_no_raw_escape()
    {
        var json = JsonSerializer.Serialize(new { rule = "Bash(\u001b]8;;http://evil\u0007x)" }, AuditJson.Options);
        Assert.DoesNotContain("\\u001B]8", json.Replace("\\\\u001B", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\\\\u001B]8;;", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_key_keeps_its_last_value_as_json_parse_does()
    {
        using var document = JsonDocument.Parse("""{"permissions":{"allow":["Bash(rm:*)"]},"permissions":"none","model":1,"model":"x"}""");
        var node = JsonNodes.ObjectFrom(document.RootElement);
        Assert.Equal("none", JsonNodes.StringOf(node["permissions"]));
        Assert.Equal("x", JsonNodes.StringOf(node["model"]));
        Assert.Null(JsonNodes.StringOf(JsonNodes.ObjectFrom(JsonDocument.Parse("""{"m":1}""").RootElement)["m"]));
    }

    [Fact]
    public void Hooks_of_the_wrong_inner_shape_are_each_a_diagnostic()
    {
        var file = JsonFileReader.Parse("""{"hooks":{"PreToolUse":[{"matcher":5,"hooks":"x"},{"hooks":[{"type":7},"s",{"type":"command","command":["a"]}]}],"Stop":{"a":1}}}""", "/s.json").Value!;
        var diagnostics = new List<Diagnostic>();
        SettingsShape.CheckSettings(file, diagnostics);
        var pointers = diagnostics.Where(d => d.Code == DiagnosticCodes.JsonWrongType).Select(d => d.Location!.JsonPointer).ToList();
        Assert.Equal(["/hooks/PreToolUse/0/matcher", "/hooks/PreToolUse/0/hooks", "/hooks/PreToolUse/1/hooks/0", "/hooks/PreToolUse/1/hooks/1",
            "/hooks/PreToolUse/1/hooks/2/command", "/hooks/Stop"], pointers);
    }
}
