using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Where a marketplace comes from (<c>{"source":{"source":"github","repo":"owner/repo"}}</c> in known_marketplaces.json and
/// extraKnownMarketplaces), as text with any URL credentials redacted, and whether it is Anthropic's own GitHub organisation.
/// </summary>
public sealed record MarketplaceSource(string Text, bool Official)
{
    /// <summary>The settings keys that declare marketplaces (additionalMarketplaces is the binary's alias).</summary>
    public static readonly string[] SettingsKeys = ["extraKnownMarketplaces", "additionalMarketplaces"];

    private static readonly string[] SourceFields = ["repo", "url", "path", "package"];

    /// <summary>The source of one marketplace entry, or null when it has none the binary could use.</summary>
    public static MarketplaceSource? Describe(JsonElement marketplace)
    {
        if (marketplace.ValueKind != JsonValueKind.Object || !marketplace.TryGetProperty("source", out var source)
            || source.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var kind = source.TryGetProperty("source", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : "?";
        var where = SourceFields.Select(p => source.TryGetProperty(p, out var v)
            && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
            .FirstOrDefault(v => v is not null) ?? "?";
        var official = kind == "github" && where.StartsWith("anthropics/", StringComparison.OrdinalIgnoreCase);
        return new MarketplaceSource($"{kind} {WithoutUserInfo(where)}", official);
    }

    /// <summary>A URL's user:password part is a credential: it is shown only redacted.</summary>
    private static string WithoutUserInfo(string where) =>
        Uri.TryCreate(where, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? where.Replace(uri.UserInfo, Redaction.Redact(Uri.UnescapeDataString(uri.UserInfo)).Display, StringComparison.Ordinal)
            : where;
}
