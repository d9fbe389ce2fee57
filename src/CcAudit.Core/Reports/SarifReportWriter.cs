using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reports;

/// <summary>
/// SARIF 2.1.0 for code scanning: one run, the rules that produced findings in <c>tool.driver.rules</c>, and each finding
/// with the file, line and column of the setting it is about. Paths under an audited launch directory or home are written
/// relative to a named base (<c>originalUriBaseIds</c>): code scanning resolves them against its checkout, and the log does
/// not carry the collecting machine's absolute layout where it need not.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public string Format => "sarif";

    public string Extension => ".sarif";

    public bool IsText => true;

    public async Task WriteAsync(AuditReport report, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var bases = SarifUriBases.From(report.Inventory);
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
            ["properties"] = RuleProperties(r),
        })]);
        var results = new JsonArray([
            .. report.Findings.Select(f => (JsonNode)Result(f, ruleIndex, bases)),
            .. report.Suppressed.Select(s => (JsonNode)Suppressed(s, ruleIndex, bases)),
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
                ["originalUriBaseIds"] = bases.ToJson(),
                ["results"] = results,
                ["invocations"] = new JsonArray(new JsonObject
                {
                    ["executionSuccessful"] = true,
                    ["toolExecutionNotifications"] = new JsonArray([.. report.Diagnostics.Select(d => (JsonNode)new JsonObject
                    {
                        ["level"] = d.Severity == Common.DiagnosticSeverity.Error ? "error" : d.Severity == Common.DiagnosticSeverity.Warning ? "warning" : "note",
                        ["message"] = new JsonObject { ["text"] = $"{d.Code}: {d.Message}" },
                        ["locations"] = d.Location is null ? new JsonArray() : new JsonArray(Location(d.Location, bases)),
                    })]),
                }),
            }),
        };
        await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        log.WriteTo(writer);
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// <c>security-severity</c> is what GitHub code scanning sorts and gates on (a number as a string, 0-10); informational
    /// rules carry none so they never show as a security alert.
    /// </summary>
    private static JsonObject RuleProperties(RuleMetadata rule)
    {
        var properties = new JsonObject
        {
            ["step"] = (int)rule.Step,
            ["tags"] = new JsonArray("security", "claude-code", RuleDocs.StepName(rule.Step)),
            ["severity"] = SeverityText.Of(rule.Severity),
        };
        if (SecuritySeverity(rule.Severity) is { } score)
        {
            properties["security-severity"] = score;
        }

        return properties;
    }

    /// <summary>Scores chosen inside GitHub's bands: critical &gt; 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9.</summary>
    internal static string? SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        Severity.Low => "3.0",
        _ => null,
    };

    private static JsonObject Result(Finding finding, Dictionary<string, int> ruleIndex, SarifUriBases bases)
    {
        var result = new JsonObject
        {
            ["ruleId"] = finding.RuleId,
            ["level"] = Level(finding.Severity),
            ["message"] = new JsonObject { ["text"] = finding.Message },
            ["partialFingerprints"] = new JsonObject { ["ccaudit/v1"] = finding.Fingerprint },
            ["properties"] = new JsonObject { ["severity"] = SeverityText.Of(finding.Severity), ["step"] = (int)finding.Step },
        };
        if (ruleIndex.TryGetValue(finding.RuleId, out var index))
        {
            result["ruleIndex"] = index;
        }

        if (finding.Location is { } location)
        {
            result["locations"] = new JsonArray(Location(location, bases));
        }

        if (finding.Related.Count > 0)
        {
            result["relatedLocations"] = new JsonArray([.. finding.Related.Select((r, i) =>
            {
                var related = Location(r.Location, bases);
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
    private static JsonObject Suppressed(SuppressedFinding suppressed, Dictionary<string, int> ruleIndex, SarifUriBases bases)
    {
        var result = Result(suppressed.Finding, ruleIndex, bases);
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

    private static JsonObject Location(Common.SourceLocation location, SarifUriBases bases)
    {
        var physical = new JsonObject { ["artifactLocation"] = bases.ArtifactLocation(location.Path) };
        if (location.Line > 0)
        {
            physical["region"] = new JsonObject { ["startLine"] = location.Line, ["startColumn"] = Math.Max(1, location.Column) };
        }

        return new JsonObject { ["physicalLocation"] = physical };
    }

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };
}
