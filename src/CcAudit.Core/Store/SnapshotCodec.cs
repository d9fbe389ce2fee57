using System.Security.Cryptography;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Store;

/// <summary>How reports and pins are written into a store: the report's own JSON, hashed for idempotence.</summary>
public static class SnapshotCodec
{
    public static (string Json, string Hash) Encode(AuditReport report)
    {
        var json = JsonSerializer.Serialize(report, AuditJson.Options);
        return (json, Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))));
    }

    public static AuditReport Decode(string json) =>
        JsonSerializer.Deserialize<AuditReport>(json, AuditJson.Options) ?? throw new InvalidDataException("stored snapshot is empty");

    public static string EncodePins(McpPinSet pins) => JsonSerializer.Serialize(pins, AuditJson.Options);

    public static McpPinSet DecodePins(string json) =>
        JsonSerializer.Deserialize<McpPinSet>(json, AuditJson.Options) ?? throw new InvalidDataException("stored pins are empty");

    public static SnapshotInfo Info(long id, AuditReport report, string hash) =>
        new(id, report.Inventory.Machine.Hostname, report.Inventory.Machine.User, report.GeneratedAt, report.Tool, hash, report.Inventory.LaunchDirectories.Count, report.Findings.Count);
}
