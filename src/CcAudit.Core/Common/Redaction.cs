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
    /// <summary>Redacts <paramref name="secret"/>, keeping at most a quarter of it (and at most 6 characters) as a prefix.</summary>
    public static RedactedSecret Redact(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var keep = secret.Length >= 16 ? Math.Min(6, secret.Length / 4) : 0;
        var prefix = secret[..keep];
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
