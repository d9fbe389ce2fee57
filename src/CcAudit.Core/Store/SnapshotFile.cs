using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>
/// The portable snapshot an MDM, osquery, Ansible or CI job collects (<c>ccaudit scan --out FILE</c>): the report, the
/// tool version, a SHA-256 content hash and, when written with a <see cref="CollectorKey"/>, an ECDSA P-256 signature
/// over that hash with the signer's public key. Reading verifies the hash and the signature, so a corrupt or edited file
/// is rejected whole; whether the signer is trusted is the importer's question (<see cref="SnapshotTrust"/>).
/// </summary>
public static class SnapshotFile
{
    public const string Format = "ccaudit-snapshot";
    public const int Version = 1;
    private const long MaxBytes = 256L * 1024 * 1024;

    public const string Algorithm = "ECDSA-P256-SHA256";

    public static async Task WriteAsync(AuditReport report, string path, CollectorKey? signer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (json, hash) = SnapshotCodec.Encode(report);
        // The report goes in as the exact text the hash covers, so a reader can verify it without re-serialising it.
        var header = new JsonObject { ["format"] = Format, ["version"] = Version, ["tool"] = report.Tool, ["sha256"] = hash };
        if (signer is not null)
        {
            header["signature"] = new JsonObject
            {
                ["algorithm"] = Algorithm,
                ["keyFingerprint"] = signer.Fingerprint,
                ["publicKey"] = Convert.ToBase64String(signer.PublicKey),
                ["value"] = Convert.ToBase64String(signer.Sign(hash)),
            };
        }

        var head = header.ToJsonString(AuditJson.Options);
        var envelope = string.Concat(head.AsSpan(0, head.LastIndexOf('}')).TrimEnd(), ",\n  \"report\": ", json, "\n}");
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, envelope, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and verifies a snapshot file; every problem is a diagnostic naming the file.</summary>
    public static ParseResult<EncodedSnapshot> Read(string path)
    {
        var opened = Open(path);
        return new ParseResult<EncodedSnapshot>(opened.Value?.Snapshot, opened.Diagnostics);
    }

    /// <summary>Reads and verifies a snapshot file and its signature, if any; the signer comes back by fingerprint.</summary>
    public static ParseResult<SignedSnapshot> Open(string path)
    {
        // Snapshots are machine-written: a plain parse, without the line/column map config files get.
        var bytes = SafeFile.ReadBytes(path, MaxBytes);
        if (bytes.Value is null)
        {
            return new ParseResult<SignedSnapshot>(null, bytes.Diagnostics);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.Value);
        }
        catch (JsonException ex)
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.JsonMalformed, $"malformed JSON: {ex.Message}", new SourceLocation(path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1)));
        }

        using var owner = document;
        var root = document.RootElement;
        var location = new SourceLocation(path);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, "not a ccaudit snapshot file (no \"format\": \"ccaudit-snapshot\")", location));
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version)
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, $"unsupported snapshot version (this ccaudit reads version {Version})", location));
        }

        if (!root.TryGetProperty("sha256", out var hash) || hash.ValueKind != JsonValueKind.String || !root.TryGetProperty("report", out var reportElement))
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, "snapshot has no sha256 or no report", location));
        }

        AuditReport report;
        try
        {
            report = reportElement.Deserialize<AuditReport>(AuditJson.Options) ?? throw new JsonException("empty report");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, $"snapshot report does not match the report schema: {ex.Message}", location));
        }

        // The hash covers the canonical serialisation, so a changed byte anywhere in the report is caught. Files this
        // version writes hold that text verbatim; older or re-formatted ones are re-serialised to check.
        var raw = JsonMarshal.GetRawUtf8Value(reportElement);
        var rawHash = Convert.ToHexStringLower(SHA256.HashData(raw));
        var encoded = rawHash == hash.GetString() ? new EncodedSnapshot(report, Encoding.UTF8.GetString(raw), rawHash) : EncodedSnapshot.Of(report);
        var actual = encoded.Hash;
        if (actual != hash.GetString())
        {
            return ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotTampered, $"content hash mismatch: the file says {hash.GetString()}, the content hashes to {actual}; the snapshot was altered or corrupted", location));
        }

        if (!root.TryGetProperty("signature", out var signature))
        {
            return ParseResult<SignedSnapshot>.Ok(new SignedSnapshot(encoded, null));
        }

        var signer = VerifySignature(signature, actual);
        return signer is null
            ? ParseResult<SignedSnapshot>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotTampered, "signature does not verify: the snapshot or its signature was altered", location))
            : ParseResult<SignedSnapshot>.Ok(new SignedSnapshot(encoded, signer));
    }

    /// <summary>The signer's fingerprint when <paramref name="signature"/> is well formed and covers <paramref name="hash"/>; else null.</summary>
    private static string? VerifySignature(JsonElement signature, string hash)
    {
        if (signature.ValueKind != JsonValueKind.Object
            || !signature.TryGetProperty("algorithm", out var algorithm) || algorithm.ValueKind != JsonValueKind.String || algorithm.GetString() != Algorithm
            || !signature.TryGetProperty("publicKey", out var publicKey) || publicKey.ValueKind != JsonValueKind.String
            || !publicKey.TryGetBytesFromBase64(out var keyBytes)
            || !signature.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String
            || !value.TryGetBytesFromBase64(out var signatureBytes))
        {
            return null;
        }

        // The fingerprint is recomputed from the embedded key, never taken from the file's own claim.
        return CollectorKey.Verify(keyBytes, hash, signatureBytes) ? CollectorKey.FingerprintOf(keyBytes) : null;
    }
}

/// <summary>A verified snapshot file: its report, and the fingerprint of the key that signed it (null when unsigned).</summary>
public sealed record SignedSnapshot(EncodedSnapshot Snapshot, string? Signer);
