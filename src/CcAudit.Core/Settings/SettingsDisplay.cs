using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// Renders a settings value for people. Values under <c>env.</c> are redacted unless they are plainly not secret
/// (flags, numbers, URLs without credentials), because settings env blocks are where API keys end up.
/// </summary>
public static partial class SettingsDisplay
{
    public static string Render(string path, JsonElement value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        if (!path.StartsWith("env.", StringComparison.Ordinal) || value.ValueKind != JsonValueKind.String || IsPlainlyNotSecret(text))
        {
            return text;
        }

        return Redaction.Redact(text).ToString();
    }

    private static bool IsPlainlyNotSecret(string text) =>
        PlainFlag().IsMatch(text) || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0 && uri.Query.Length == 0);

    [GeneratedRegex(@"^(|0|1|true|false|yes|no|on|off|[0-9]{1,9}|[a-z]{1,12})$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex PlainFlag();
}
