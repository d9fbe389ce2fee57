namespace CcAudit.Core.Settings;

/// <summary>
/// Splits a permission rule string into tool and specifier (<c>Bash(npm run *)</c> → <c>Bash</c>, <c>npm run *</c>), the
/// grammar of claude-code-surface.md §4.2. Only the shape; what a specifier means is the permission engine's business.
/// </summary>
public sealed record PermissionRuleText(string Tool, string? Specifier)
{
    public static PermissionRuleText Parse(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = rule.Trim();
        var open = text.IndexOf('(', StringComparison.Ordinal);
        return open > 0 && text.EndsWith(')')
            ? new PermissionRuleText(text[..open], text[(open + 1)..^1])
            : new PermissionRuleText(text, null);
    }

    /// <summary>A Bash specifier with the legacy trailing <c>:*</c> written as <c> *</c>.</summary>
    public string? BashPattern => Specifier is { } spec && spec.EndsWith(":*", StringComparison.Ordinal) ? spec[..^2] + " *" : Specifier;

    /// <summary>True for <c>param:value</c> specifiers (parameter rules), except WebFetch's <c>domain:</c>.</summary>
    public bool IsParameterRule =>
        Specifier is { } spec && spec.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
        && spec[..colon].All(c => char.IsLetterOrDigit(c) || c == '_')
        && !(Tool == "WebFetch" && spec.StartsWith("domain:", StringComparison.Ordinal))
        && !spec.EndsWith(":*", StringComparison.Ordinal);
}
