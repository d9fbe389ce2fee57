using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Permissions;

/// <summary>
/// A deny or ask rule on one top-level input field of a tool, <c>Tool(param:value)</c> (claude-code-surface.md §4.2), as
/// the real 2.1.328 binary applies it (oracle runs in docs/permissions-fidelity.md): the field must be one the tool takes
/// and not its primary one; the value is compared with the field's text (<c>true</c>, <c>5000</c>), case-sensitively and
/// whole, where only <c>*</c> is a wildcard; a missing or non-scalar field never matches.
/// </summary>
internal sealed record ParameterRule(string Tool, string Field, Regex Value)
{
    // The input fields of each tool that a parameter rule may name (the primary field, which it may not, is left out).
    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        ["Bash"] = ["description", "timeout", "run_in_background", "dangerouslyDisableSandbox"],
        ["Read"] = ["offset", "limit", "pages", "allow_large"],
        ["Edit"] = ["old_string", "new_string", "replace_all"],
        ["Write"] = ["content"],
        ["NotebookEdit"] = ["new_source", "cell_id", "cell_type", "edit_mode"],
        ["WebSearch"] = ["query", "allowed_domains", "blocked_domains"],
        ["Agent"] = ["description", "prompt", "subagent_type", "model", "effort", "run_in_background", "isolation"],
    };

    /// <summary>The parameter rule a rule text is, or null when it is a rule of another kind or one the binary skips.</summary>
    public static ParameterRule? From(PermissionRuleText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tool = PermissionRuleText.CanonicalTool(text.Tool);
        if (text.Specifier is not { } spec || spec.IndexOf(':', StringComparison.Ordinal) is not (var colon and > 0)
            || !Fields.TryGetValue(tool, out var fields) || !fields.Contains(spec[..colon], StringComparer.Ordinal) || text.InvalidReason is not null)
        {
            return null;
        }

        var pattern = "^" + string.Join(".*", spec[(colon + 1)..].Split('*').Select(Regex.Escape)) + "$";
        return new ParameterRule(tool, spec[..colon], new Regex(pattern, RegexOptions.Singleline | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking));
    }

    public bool Matches(string tool, JsonElement input) =>
        PermissionRuleText.CanonicalTool(tool) == Tool && input.ValueKind == JsonValueKind.Object && input.TryGetProperty(Field, out var value) && Text(value) is { } text && Value.IsMatch(text);

    // The field as JavaScript's String() writes it: the comparison the binary makes.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number when value.TryGetInt64(out var whole) => whole.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => null,
    };
}
