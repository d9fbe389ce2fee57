using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning: one run, the rules that produced findings in <c>tool.driver.rules</c>, and each finding
/// with the file, line and column of the setting it is about.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public string Format => "sarif";

    public string Extension => ".sarif";

    public bool IsText => true;

    public async Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var ruleIndex = report.Rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var rules = new JsonArray([.. report.Rules.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.Id,
            ["name"] = r.Title,
            ["shortDescription"] = new JsonObject { ["text"] = r.Title },
            ["fullDescription"] = new JsonObject { ["text"] = r.Rationale },
            ["help"] = new JsonObject { ["text"] = r.Remediation },
            ["helpUri"] = r.HelpUri,
            ["defaultConfiguration"] = new JsonObject { ["level"] = Level(r.Severity) },
            ["properties"] = new JsonObject { ["step"] = (int)r.Step, ["tags"] = new JsonArray("security", "claude-code", RuleDocs.StepName(r.Step)) },
        })]);
        var results = new JsonArray([
            .. report.Findings.Select(f => (JsonNode)Result(f, ruleIndex)),
            .. report.Suppressed.Select(s => (JsonNode)Suppressed(s, ruleIndex)),
        ]);
        var log = new JsonObject
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "ccaudit",
                        ["semanticVersion"] = report.Tool.Split(' ').Last(),
                        ["informationUri"] = "https://github.com/ccaudit/ccaudit",
                        ["rules"] = rules,
                    },
                },
                ["results"] = results,
                ["invocations"] = new JsonArray(new JsonObject
                {
                    ["executionSuccessful"] = true,
                    ["toolExecutionNotifications"] = new JsonArray([.. report.Diagnostics.Select(d => (JsonNode)new JsonObject
                    {
                        ["level"] = d.Severity == Common.DiagnosticSeverity.Error ? "error" : d.Severity == Common.DiagnosticSeverity.Warning ? "warning" : "note",
                        ["message"] = new JsonObject { ["text"] = $"{d.Code}: {d.Message}" },
                        ["locations"] = d.Location is null ? new JsonArray() : new JsonArray(Location(d.Location)),
                    })]),
                }),
            }),
        };
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        log.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    private static JsonObject Result(Finding finding, Dictionary<string, int> ruleIndex)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
            ["partialFingerprints"] = new JsonObject { ["ccaudit/v1"] = finding.Fingerprint },
            ["properties"] = new JsonObject { ["severity"] = finding.Severity.ToString().ToLowerInvariant(), ["step"] = (int)finding.Step },
        };
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
        {
            result["ruleIndex"] = index;
        }

        if (finding.Location is { } location)
        {
            result["locations"] = new JsonArray(Location(location));
        }

        if (finding.Related.Count > 0)
        {
            result["relatedLocations"] = new JsonArray([.. finding.Related.Select((r, i) =>
            {
                var related = Location(r.Location);
                related["id"] = i + 1;
                related["message"] = new JsonObject { ["text"] = r.Message };
                return (JsonNode)related;
            })]);
        }

        return result;
    }

    /// <summary>
    /// A suppressed finding stays in the log with its suppression, so code scanning shows what was accepted and by whom:
    /// <c>inSource</c> when the repository's own file suppressed it, <c>external</c> for a baseline kept elsewhere.
    /// </summary>
    private static JsonObject Suppressed(SuppressedFinding suppressed, Dictionary<string, int> ruleIndex)
    {
        var result = Result(suppressed.Finding, ruleIndex);
        var justification = suppressed.Expires is { } until ? $"{suppressed.Reason} (until {until:yyyy-MM-dd})" : suppressed.Reason;
        result["suppressions"] = new JsonArray(new JsonObject
        {
            ["kind"] = suppressed.ByRepository ? "inSource" : "external",
            ["status"] = "accepted",
            ["justification"] = justification,
            ["properties"] = new JsonObject { ["source"] = suppressed.SuppressionSource },
        });
        return result;
    }

    private static JsonObject Location(Common.SourceLocation location)
    {
        var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = ToUri(location.Path) } };
        if (location.Line > 0)
        {
            physical["region"] = new JsonObject { ["startLine"] = location.Line, ["startColumn"] = Math.Max(1, location.Column) };
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }

    private static string ToUri(string path) =>
        Path.IsPathRooted(path) ? new Uri(path).AbsoluteUri : Uri.EscapeDataString(path).Replace("%2F", "/", StringComparison.Ordinal);

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}
