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
        if (HelperSettings.Contains(path))
        {
            return Helper(text);
        }

        // env values of any type: a number or an object under env. is as likely a key as a string is.
        if (!path.StartsWith("env.", StringComparison.Ordinal) || value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null || IsPlainlyNotSecret(text))
        {
            return Redaction.Scrub(text);
        }

        return Redaction.Redact(text).ToString();
    }

    /// <summary>A helper command as reports show it: a helper prints a credential, so a literal it echoes is one.</summary>
    public static string Helper(string command) =>
        Redaction.Scrub(EchoedLiteral().Replace(command, m => m.Groups["head"].Value + Redaction.Redact(m.Groups["literal"].Value).Display));

    /// <summary>Settings whose value is a command that prints a credential.</summary>
    private static readonly HashSet<string> HelperSettings = new(StringComparer.Ordinal)
    {
        "apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper", "gcpAuthRefresh", "proxyAuthHelper",
    };

    [GeneratedRegex(@"(?<head>\b(?:echo|printf|cat\s*<<<)\s+(?:-[a-z]+\s+)*)(?<literal>'[^']*'|""[^""]*""|[^\s;|&]+)", RegexOptions.NonBacktracking)]
    private static partial Regex EchoedLiteral();

    private static bool IsPlainlyNotSecret(string text) =>
        PlainFlag().IsMatch(text) || (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0 && uri.Query.Length == 0);

    [GeneratedRegex(@"^(|0|1|true|false|yes|no|on|off|[0-9]{1,9}|[a-z]{1,12})$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex PlainFlag();
}
