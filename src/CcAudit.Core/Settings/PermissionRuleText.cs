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

    /// <summary>
    /// Why Claude Code 2.1.328 rejects this rule at startup and skips it (its own validation messages, seen through the
    /// oracle: docs/permissions-fidelity.md), or null for a rule it accepts.
    /// </summary>
    public string? InvalidReason => this switch
    {
        { Specifier: null } => null,
        { Tool: var tool } when tool.StartsWith("mcp__", StringComparison.Ordinal) => "MCP rules do not take a pattern in parentheses",
        { Tool: "WebFetch", Specifier: var spec } when !spec.StartsWith("domain:", StringComparison.Ordinal) => "WebFetch rules must use the domain: form",
        { Tool: "WebSearch", Specifier: var spec } when spec.AsSpan().IndexOfAny('*', '?') >= 0 => "WebSearch rules do not support wildcards",
        { Tool: not ("Bash" or "PowerShell"), Specifier: var spec } when spec.Contains(":*", StringComparison.Ordinal) => "the :* form is only for Bash prefix rules",
        _ => null,
    };

    /// <summary><c>Task</c> is the older name of <c>Agent</c>; rules and calls under either name are the same tool.</summary>
    public static string CanonicalTool(string tool) => tool == "Task" ? "Agent" : tool;

    /// <summary>True for <c>param:value</c> specifiers (parameter rules), except WebFetch's <c>domain:</c>.</summary>
    public bool IsParameterRule =>
        Specifier is { } spec && spec.IndexOf(':', StringComparison.Ordinal) is var colon and > 0
        && spec[..colon].All(c => char.IsLetterOrDigit(c) || c == '_')
        && !(Tool == "WebFetch" && spec.StartsWith("domain:", StringComparison.Ordinal))
        && !spec.EndsWith(":*", StringComparison.Ordinal);
}
