using System.Security.Cryptography;
using CcAudit.Core.Common;

namespace CcAudit.Core.Store;

/// <summary>
/// Who <c>fleet import</c> accepts snapshot files from: the fingerprints of trusted collector keys, and whether
/// unsigned legacy files pass.
/// </summary>
public sealed record SnapshotTrust(IReadOnlySet<string> TrustedKeys, bool AllowUnsigned)
{
    /// <summary>
    /// Reads trusted public keys (PEM <c>PUBLIC KEY</c> blocks, several per file allowed) from files or directories
    /// of <c>*.pem</c> files; anything unreadable or not a P-256 key is a diagnostic, never a silent empty list.
    /// </summary>
    public static ParseResult<SnapshotTrust> Load(IEnumerable<string> paths, bool allowUnsigned)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<Diagnostic>();
        var files = paths.SelectMany<string, string>(p =>
            Directory.Exists(p) ? Directory.EnumerateFiles(p, "*.pem").Order(StringComparer.Ordinal) : [p]);
        foreach (var file in files)
        {
            var text = SafeFile.ReadText(file);
            diagnostics.AddRange(text.Diagnostics);
            var before = keys.Count;
            foreach (var block in Blocks(text.Value ?? string.Empty))
            {
                if (CollectorKey.IsP256(block))
                {
                    keys.Add(CollectorKey.FingerprintOf(block));
                }
            }

            if (text.Value is not null && keys.Count == before)
            {
                diagnostics.Add(Diagnostic.Error(
                    DiagnosticCodes.SnapshotUntrusted, "no P-256 PUBLIC KEY block in this trusted-keys file", new SourceLocation(file)));
            }
        }

        return diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            ? new ParseResult<SnapshotTrust>(null, diagnostics)
            : ParseResult<SnapshotTrust>.Ok(new SnapshotTrust(keys, allowUnsigned), diagnostics);
    }

    private static IEnumerable<byte[]> Blocks(string text)
    {
        var rest = text.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var label = rest.Span[fields.Label].ToString();
            var data = rest.Span[fields.Base64Data].ToString();
            rest = rest[fields.Location.End..];
            if (label == "PUBLIC KEY")
            {
                yield return Convert.FromBase64String(data);
            }
        }
    }
}
