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

    private static readonly Lazy<JsonSchema> ActivitySchema = new(() =>
    {
        _ = ReportSchema.Value;
        return JsonSchema.FromFile(Path.Combine(TestEnvironment.RepoRoot, "docs", "schema", "activity.schema.json"));
    });

    public static JsonSchema Inventory => InventorySchema.Value;

    /// <summary>The <c>ccaudit activity</c> report; its activity member is defined in the report schema.</summary>
    public static JsonSchema Activity => ActivitySchema.Value;

    public static JsonSchema Report => ReportSchema.Value;
}
