using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Permissions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Permissions;

/// <summary>
/// The fuzz target for the shell tokenizer and the rule parser, shared by the mutation test here and the SharpFuzz
/// harness in fuzz/CcAudit.Fuzz.Permissions. Input: first line a permission rule, the rest a command or path.
/// Anything may come in; nothing may throw.
/// </summary>
public static class PermissionFuzzTarget
{
    public static void Run(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var newline = input.IndexOf('\n', StringComparison.Ordinal);
        var rule = newline < 0 ? input : input[..newline];
        var rest = newline < 0 ? string.Empty : input[(newline + 1)..];
        _ = ShellParser.Parse(rest, "/home/dev");
        _ = ShellParser.Parse(rest);
        var text = PermissionRuleText.Parse(rule);
        if (text.Specifier is { Length: > 0 } specifier)
        {
            _ = PathRule.Compile(specifier, PermissionList.Deny, SettingsSource.Project, "/home/dev", "/srv/app").IsMatch(rest);
        }

        var settings = JsonSerializer.Serialize(new { permissions = new { allow = new[] { rule }, ask = new[] { rule }, deny = new[] { "Read(" + rule + ")" } } });
        var document = SettingsDocument.FromFile(SettingsSource.Local, JsonFileReader.Parse(settings, "/srv/app/.claude/settings.local.json").Value!);
        foreach (var mode in new[] { "default", "acceptEdits", "bypassPermissions" })
        {
            var engine = new PermissionEngine(new PermissionContext(mode, true, "/home/dev", "/srv/app", [], [document]));
            _ = engine.Decide("Bash", JsonSerializer.SerializeToElement(new { command = rest }));
            _ = engine.Decide("Read", JsonSerializer.SerializeToElement(new { file_path = rest }));
            _ = engine.Decide("Write", JsonSerializer.SerializeToElement(new { file_path = rest, content = "x" }));
            _ = engine.Decide("WebFetch", JsonSerializer.SerializeToElement(new { url = rest, prompt = "x" }));
            _ = engine.Decide(rule, JsonSerializer.SerializeToElement(new { }));
        }
    }
}
