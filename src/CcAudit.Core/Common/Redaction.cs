using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CcAudit.Core.Common;

/// <summary>A secret as reports may show it: a short, recognisable prefix and a fingerprint, never the value.</summary>
/// <param name="Display">For example <c>sk-ant…[redacted, 108 chars]</c>.</param>
/// <param name="Fingerprint">The first 12 hex digits of the value's SHA-256, so the same secret can be traced across files and audits.</param>
public sealed record RedactedSecret(string Display, string Fingerprint)
{
    public override string ToString() => $"{Display} (sha256:{Fingerprint})";
}

/// <summary>Turns secret values into <see cref="RedactedSecret"/>s. The only place that decides how much of a secret shows.</summary>
public static partial class Redaction
{
    // Only a vendor's public marker is shown: it says what kind of credential this is and nothing of the secret part.
    private static readonly string[] KnownPrefixes =
        ["sk-ant-api03-", "sk-ant-", "sk-proj-", "sk_live_", "rk_live_", "sk_test_", "github_pat_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "glpat-", "xoxb-", "xoxp-", "xoxa-", "xoxs-", "AKIA", "ASIA", "AIza", "eyJ", "Bearer ", "sk-"];

    /// <summary>Redacts <paramref name="secret"/>, keeping only a known vendor prefix such as <c>sk-ant-</c> or <c>ghp_</c>.</summary>
    public static RedactedSecret Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = KnownPrefixes.FirstOrDefault(p => secret.Length >= p.Length + 8 && secret.StartsWith(p, StringComparison.Ordinal)) ?? string.Empty;
        return new RedactedSecret($"{prefix}…[redacted, {secret.Length} chars]", Fingerprint(secret));
    }

    /// <summary>Replaces every occurrence of <paramref name="secret"/> inside <paramref name="text"/> with its redacted form.</summary>
    public static string RedactWithin(string text, string secret)
    {
        ArgumentNullException.ThrowIfNull(text);
        return string.IsNullOrEmpty(secret) ? text : text.Replace(secret, Redact(secret).Display, StringComparison.Ordinal);
    }

    /// <summary>
    /// Redacts every secret inside free text: provider tokens, private key blocks, URL passwords (whatever characters
    /// they hold: <c>#</c>, <c>@</c>, <c>:</c>, <c>/</c>, non-ASCII), <c>Bearer</c> values, and the value of anything
    /// named like a credential (<c>PGPASSWORD=…</c>, <c>--token …</c>, <c>"Authorization: Bearer …"</c>,
    /// <c>"password": "…"</c>). References (<c>${VAR}</c>, <c>$VAR</c>) are not secrets and stay. Idempotent, and
    /// linear in the text's length (no backtracking), so every string on its way out can go through it.
    /// </summary>
    public static string Scrub(string text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(ScrubAnchors) < 0)
        {
            return text;
        }

        return SecretInText().Replace(text, ScrubMatch);
    }

    /// <summary>As <see cref="Scrub(string)"/> for an optional string.</summary>
    public static string? ScrubOrNull(string? text) => text is null ? null : Scrub(text);

    private static readonly SearchValues<string> ScrubAnchors = SearchValues.Create(
        [
            "://", "passw", "passphrase", "pwd", "secret", "token", "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey", "private_key",
            "private-key", "privatekey", "auth", "credential", "bearer", "cookie", "signing", "-----begin", "sk-", "sk_", "rk_", "ghp_", "gho_", "ghu_",
            "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "akia", "asia", "abia", "acca", "aiza", "npm_", "eyj",
        ],
        StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> NotSecretValues = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "null", "none", "yes", "no", "on", "off", "present", "absent", "missing", "set", "unset", "required", "optional", "hidden",
        "redacted", "undefined", "empty", "mode", "file", "header", "headers", "env", "arg", "args", "url", "bearer", "basic", "token", "oauth", "string",
    };

    private static string ScrubMatch(Match match)
    {
        foreach (var name in SecretGroups)
        {
            var group = match.Groups[name];
            if (!group.Success)
            {
                continue;
            }

            var value = group.Value;
            var named = name is "v1" or "v2" or "v3" or "fv";
            if (value.Length == 0 || (named && !LooksLikeValue(value)))
            {
                return match.Value;
            }

            var at = group.Index - match.Index;
            return string.Concat(match.Value.AsSpan(0, at), Redact(value).Display, match.Value.AsSpan(at + group.Length));
        }

        return match.Value;
    }

    private static readonly string[] SecretGroups = ["pem", "urlpw", "tok", "bv", "v1", "v2", "v3", "fv"];

    /// <summary>A named value is a secret unless it is a reference, a number, a word for "not set", a path, or already redacted.</summary>
    private static bool LooksLikeValue(string value)
    {
        var trimmed = value.TrimEnd('\\', ',', '.', ';');
        return trimmed.Length >= 3
            && trimmed[0] is not ('$' or '%' or '<' or '{' or '[' or '(' or '/' or '~' or '…' or '*')
            && !trimmed.Contains("[redacted", StringComparison.Ordinal)
            && !NotSecretValues.Contains(trimmed)
            && !trimmed.All(c => char.IsAsciiDigit(c) || c is ',' or '.' or '_');
    }

    /// <summary>
    /// One pattern, one alternative per secret shape; the group holding the secret is named in <see cref="SecretGroups"/>.
    /// NonBacktracking: matching time is linear in the input whatever it holds.
    /// </summary>
    [GeneratedRegex("""
        (?<pem>-----BEGIN[ A-Z0-9]*PRIVATE\ KEY(?:\ BLOCK)?-----[A-Za-z0-9+/=\s:,.-]*)
        |[A-Za-z][A-Za-z0-9+.-]{0,30}://[^\s:/@"'`<>]*:(?<urlpw>[^\s"'`<>]+)@[^\s@"'`<>/?#]+
        |\b(?<tok>sk-ant-[A-Za-z0-9_-]{8,}|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}
            |glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}|[sr]k_(?:live|test)_[0-9A-Za-z]{16,}
            |AIza[0-9A-Za-z_-]{35}|npm_[A-Za-z0-9]{36}|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})
        |(?i:bearer)[ \t]+(?<bv>[A-Za-z0-9._~+/=-]{8,})
        |--?[A-Za-z0-9_.-]*(?i:passw(?:or)?d|passwd|passphrase|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|credentials?
            |auth[-_]?token|authtoken)[A-Za-z0-9_.-]*(?:[ \t]+|=)(?<fv>[^\s"'`=-][^\s"'`]*)
        |[A-Za-z0-9_.-]*(?i:passw(?:or)?d|passwd|passphrase|pwd|secret|token|api[-_]?key|apikey|access[-_]?key|private[-_]?key|client[-_]?secret
            |credentials?|authorization|auth[-_]?(?:token|key|header)|authtoken|authkey|cookie|signing[-_]?key|encryption[-_]?key|master[-_]?key)
            [A-Za-z0-9_.-]*\\?["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:(?i:bearer|basic|token)[ \t]+)?
            (?:\\?"(?<v1>[^"\\\r\n]*)|'(?<v2>[^'\r\n]*)'|(?<v3>[^\s"'`,;)}\]]+))
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking)]
    private static partial Regex SecretInText();

    /// <summary>The first 12 hex digits of the SHA-256 of the UTF-8 value.</summary>
    public static string Fingerprint(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..6]);
    }
}
