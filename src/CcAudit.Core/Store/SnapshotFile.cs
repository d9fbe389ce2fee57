using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>
/// The portable snapshot an MDM, osquery, Ansible or CI job collects (<c>ccaudit scan --out FILE</c>): the report, the
/// tool version and a SHA-256 content hash. Reading verifies the hash, so a corrupt or edited file is rejected whole.
/// </summary>
public static class SnapshotFile
{
    public const string Format = "ccaudit-snapshot";
    public const int Version = 1;
    private const long MaxBytes = 256L * 1024 * 1024;

    public static async Task WriteAsync(AuditReport report, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        var (json, hash) = SnapshotCodec.Encode(report);
        var envelope = new JsonObject
        {
            ["format"] = Format,
            ["version"] = Version,
            ["tool"] = report.Tool,
            ["sha256"] = hash,
            ["report"] = JsonNode.Parse(json),
        };
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, envelope.ToJsonString(AuditJson.Options), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and verifies a snapshot file; every problem is a diagnostic naming the file.</summary>
    public static ParseResult<AuditReport> Read(string path)
    {
        var read = JsonFileReader.Read(path, MaxBytes);
        if (read.Value is null)
        {
            return new ParseResult<AuditReport>(null, read.Diagnostics);
        }

        var root = read.Value.Root;
        var location = new SourceLocation(path);
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != Format)
        {
            return ParseResult<AuditReport>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, "not a ccaudit snapshot file (no \"format\": \"ccaudit-snapshot\")", location));
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || version.GetInt32() != Version)
        {
            return ParseResult<AuditReport>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, $"unsupported snapshot version (this ccaudit reads version {Version})", location));
        }

        if (!root.TryGetProperty("sha256", out var hash) || hash.ValueKind != JsonValueKind.String || !root.TryGetProperty("report", out var reportElement))
        {
            return ParseResult<AuditReport>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, "snapshot has no sha256 or no report", location));
        }

        AuditReport report;
        try
        {
            report = reportElement.Deserialize<AuditReport>(AuditJson.Options) ?? throw new JsonException("empty report");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException)
        {
            return ParseResult<AuditReport>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotInvalid, $"snapshot report does not match the report schema: {ex.Message}", location));
        }

        // The hash covers the canonical serialisation, so a changed byte anywhere in the report is caught.
        var actual = SnapshotCodec.Encode(report).Hash;
        return actual == hash.GetString()
            ? ParseResult<AuditReport>.Ok(report)
            : ParseResult<AuditReport>.Fail(Diagnostic.Error(DiagnosticCodes.SnapshotTampered, $"content hash mismatch: the file says {hash.GetString()}, the content hashes to {actual}; the snapshot was altered or corrupted", location));
    }
}
