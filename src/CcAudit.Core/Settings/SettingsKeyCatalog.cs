using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CcAudit.Core.Settings;

/// <summary>One settings key of Claude Code 2.1.328, as <c>settings-keys.json</c> lists it.</summary>
/// <param name="Key">Dotted key (<c>sandbox.network.allowedDomains</c>).</param>
/// <param name="Origin"><c>schema</c> (the binary's zod settings schema) or <c>plugin-option</c> (read from <c>pluginConfigs</c>).</param>
/// <param name="Tiers">The tiers Claude Code reads it from (<c>managed</c>, <c>flag</c>, <c>local</c>, <c>project</c>, <c>user</c>).</param>
/// <param name="TierEvidence">Where the tier list comes from: the binary's own description of the key, or the reference.</param>
/// <param name="Audited">Whether a ccaudit rule looks at it.</param>
/// <param name="Rules">The rules that audit it.</param>
/// <param name="BinaryString">For keys outside the schema: the text the binary holds that reads it.</param>
public sealed record SettingsKeyInfo(
    string Key,
    string Origin,
    IReadOnlyList<string> Tiers,
    string TierEvidence,
    bool Audited,
    IReadOnlyList<string> Rules,
    string? BinaryString = null)
{
    /// <summary>Read only from managed policy (user, project, local and <c>--settings</c> values are ignored).</summary>
    public bool ManagedOnly => Tiers is ["managed"];

    /// <summary>Whether Claude Code reads the key from a file of this tier.</summary>
    public bool ReadFrom(SettingsSource source) => Tiers.Contains(source.ShortName(), StringComparer.Ordinal);
}

/// <summary>
/// The one list of every settings key the 2.1.328 binary knows (embedded <c>settings-keys.json</c>): the tiers it is read
/// from, and the rules that audit it. Tests check it against the keys extracted from the real binary, the README's
/// coverage table is generated from it, and the tier rules (CCA460) read their tiers from it.
/// </summary>
public static class SettingsKeyCatalog
{
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    private static readonly Lazy<(string Version, IReadOnlyList<SettingsKeyInfo> Keys)> Loaded = new(Load);

    private static readonly Lazy<Dictionary<string, SettingsKeyInfo>> ByKey = new(() => All.ToDictionary(k => k.Key, StringComparer.Ordinal));

    public static string Version => Loaded.Value.Version;

    public static IReadOnlyList<SettingsKeyInfo> All => Loaded.Value.Keys;

    /// <summary>The entry of a dotted key, or null.</summary>
    public static SettingsKeyInfo? Find(string key) => ByKey.Value.GetValueOrDefault(key);

    /// <summary>The README coverage table: every key, its tiers, audited or not, and the rules.</summary>
    public static string CoverageTable()
    {
        var md = new StringBuilder();
        var audited = All.Count(k => k.Audited);
        md.Append(CultureInfo.InvariantCulture, $"{All.Count} keys ({All.Count(k => k.Origin == "schema")} in the binary's settings schema), {audited} audited.\n\n");
        md.Append("| key | read from | audited | rules |\n|---|---|---|---|\n");
        foreach (var key in All)
        {
            var tiers = key.Tiers.Count == 5 ? "every tier" : string.Join(", ", key.Tiers);
            md.Append(CultureInfo.InvariantCulture, $"| `{key.Key}` | {tiers} | {(key.Audited ? "yes" : "no")} | {string.Join(' ', key.Rules)} |\n");
        }

        return md.ToString();
    }

    private static (string, IReadOnlyList<SettingsKeyInfo>) Load()
    {
        using var stream = typeof(SettingsKeyCatalog).Assembly.GetManifestResourceStream("ccaudit.settings-keys.json")
            ?? throw new InvalidOperationException("settings-keys.json is not embedded");
        var file = JsonSerializer.Deserialize<CatalogFile>(stream, Options) ?? throw new InvalidOperationException("settings-keys.json is empty");
        return (file.Version, file.Keys);
    }

    private sealed record CatalogFile(string Version, IReadOnlyList<SettingsKeyInfo> Keys);
}
