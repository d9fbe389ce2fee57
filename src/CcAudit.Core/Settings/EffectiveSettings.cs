using System.Text.Json;

namespace CcAudit.Core.Settings;

/// <summary>
/// The settings Claude Code 2.1.328 would run with in one launch directory: every value with its origin, every
/// permission rule with its file and whether it applies, and every hook.
/// </summary>
/// <param name="Documents">The loaded settings documents, highest precedence first.</param>
/// <param name="Values">Every leaf setting by dotted path.</param>
/// <param name="PermissionRules">Every allow/ask/deny rule of every tier, applied or not.</param>
/// <param name="Hooks">Every hook handler of every tier.</param>
/// <param name="Trusted">Whether the project is trusted (gates project allow rules and additionalDirectories).</param>
public sealed record EffectiveSettings(
    IReadOnlyList<SettingsDocument> Documents,
    IReadOnlyDictionary<string, EffectiveValue> Values,
    IReadOnlyList<PermissionRuleEntry> PermissionRules,
    IReadOnlyList<HookEntry> Hooks,
    bool Trusted)
{
    /// <summary>The effective value at a dotted path, or null.</summary>
    public EffectiveValue? Get(string path) => Values.TryGetValue(path, out var value) ? value : null;

    /// <summary>The effective string at a dotted path, or null.</summary>
    public string? GetString(string path) => Get(path)?.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    /// <summary>The effective boolean at a dotted path, or null.</summary>
    public bool? GetBool(string path) => Get(path)?.Value is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : null;

    /// <summary>The rules Claude Code applies here.</summary>
    public IEnumerable<PermissionRuleEntry> AppliedRules => PermissionRules.Where(r => r.Applied);
}
