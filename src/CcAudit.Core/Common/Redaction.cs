using System.Security.Cryptography;
using System.Text;

namespace CcAudit.Core.Common;

/// <summary>A secret as reports may show it: a short, recognisable prefix and a fingerprint, never the value.</summary>
/// <param name="Display">For example <c>sk-ant…[redacted, 108 chars]</c>.</param>
/// <param name="Fingerprint">The first 12 hex digits of the value's SHA-256, so the same secret can be traced across files and audits.</param>
public sealed record RedactedSecret(string Display, string Fingerprint)
{
    public override string ToString() => $"{Display} (sha256:{Fingerprint})";
}

/// <summary>Turns secret values into <see cref="RedactedSecret"/>s. The only place that decides how much of a secret shows.</summary>
public static class Redaction
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

    /// <summary>The first 12 hex digits of the SHA-256 of the UTF-8 value.</summary>
    public static string Fingerprint(string value)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(value), hash);
        return Convert.ToHexStringLower(hash[..6]);
    }
}
