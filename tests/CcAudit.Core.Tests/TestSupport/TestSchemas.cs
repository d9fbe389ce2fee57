using Json.Schema;

namespace CcAudit.Core.Tests.TestSupport;

/// <summary>
/// The documented JSON schemas, each built once: JsonSchema.Net registers a schema's $id globally and refuses a second
/// registration, and the report schema resolves the inventory schema through that registry.
/// </summary>
public static class TestSchemas
{
    private static readonly Lazy<JsonSchema> InventorySchema = new(() => JsonSchema.FromFile(Path.Combine(TestEnvironment.RepoRoot, "docs", "schema", "inventory.schema.json")));

    private static readonly Lazy<JsonSchema> ReportSchema = new(() =>
    {
        _ = InventorySchema.Value;
        return JsonSchema.FromFile(Path.Combine(TestEnvironment.RepoRoot, "docs", "schema", "report.schema.json"));
    });

    public static JsonSchema Inventory => InventorySchema.Value;

    public static JsonSchema Report => ReportSchema.Value;
}
