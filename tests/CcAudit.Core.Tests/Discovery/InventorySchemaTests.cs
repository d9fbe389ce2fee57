using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;
using Json.Schema;

namespace CcAudit.Core.Tests.Discovery;

public sealed class InventorySchemaTests
{
    private static EvaluationResults Validate(string json) =>
        TestSchemas.Inventory.Evaluate(JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    [Fact]
    public void ScanOutput_OfTheRealBinaryFixture_MatchesTheDocumentedSchema()
    {
        using var fixture = new FixtureHome();
        var json = JsonSerializer.Serialize(InventoryScanner.Scan(fixture.Options()).Inventory, AuditJson.Options);

        var result = Validate(json);

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public void Schema_RejectsAnUnredactedToken()
    {
        using var fixture = new FixtureHome();
        var json = JsonSerializer.Serialize(InventoryScanner.Scan(fixture.Options()).Inventory, AuditJson.Options);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var token = node["mcpServers"]!.AsArray().SelectMany(s => s!["tokens"]!.AsArray()).First()!;
        token["value"]!["display"] = "Bearer ghp_plaintext";
        var tampered = node.ToJsonString();

        Assert.False(Validate(tampered).IsValid);
    }
}
