using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;
using Json.Schema;

namespace CcAudit.Core.Tests.Reports;

public sealed class ReportWritersTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly AuditReport _report;

    public ReportWritersTests()
    {
        _report = HostileReport.Build(_dir);
    }

    public void Dispose() => _dir.Dispose();

    private async Task<string> TextAsync(IReportWriter writer) => Encoding.UTF8.GetString(await HostileReport.RenderAsync(writer, _report));

    [Fact]
    public void Report_HasFindingsFromTheHostileConfig()
    {
        Assert.Contains(_report.Findings, f => f.RuleId == "CCA001");
        Assert.Contains(_report.Findings, f => f.RuleId == "CCA204");
        Assert.Equal(7, _report.Steps.Count);
    }

    [Fact]
    public async Task Json_MatchesTheDocumentedReportSchema()
    {
        var result = TestSchemas.Report.Evaluate(JsonDocument.Parse(await TextAsync(new JsonReportWriter())).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("\n", (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public async Task Sarif_IsValidAgainstTheOfficialSchema_WithPreciseLocations()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(TestEnvironment.NpmFile("@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), TestContext.Current.CancellationToken);
        var sarif = await TextAsync(new SarifReportWriter());

        var errors = schema.Validate(sarif);

        Assert.Empty(errors.Select(e => e.ToString()));
        using var doc = JsonDocument.Parse(sarif);
        var run = doc.RootElement.GetProperty("runs")[0];
        var result = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("ruleId").GetString() == "CCA204");
        var region = result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        var finding = _report.Findings.Single(f => f.Fingerprint == result.GetProperty("partialFingerprints").GetProperty("ccaudit/v1").GetString());
        Assert.True(region.GetProperty("startLine").GetInt32() > 0);
        Assert.Equal(finding.Location!.Line, region.GetProperty("startLine").GetInt32());
        Assert.True(finding.Location.Column > 1, "the fixture should place CCA204 past column 1, so startColumn is not the fallback");
        Assert.Equal(finding.Location.Column, region.GetProperty("startColumn").GetInt32());
        Assert.Equal(finding.Location.Path, ResolvedPath(run, result.GetProperty("locations")[0]));
        Assert.Contains(run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray(), r => r.GetProperty("id").GetString() == "CCA204");
    }

    [Fact]
    public async Task Sarif_WritesPathsRelativeToNamedBases_AndEveryLocationResolvesBack()
    {
        using var doc = JsonDocument.Parse(await TextAsync(new SarifReportWriter()));
        var run = doc.RootElement.GetProperty("runs")[0];
        var results = run.GetProperty("results").EnumerateArray().Where(r => r.TryGetProperty("locations", out _)).ToList();

        Assert.NotEmpty(run.GetProperty("originalUriBaseIds").EnumerateObject());
        Assert.Contains(results, r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").TryGetProperty("uriBaseId", out _));
        foreach (var result in results)
        {
            var finding = _report.Findings.Single(f => f.Fingerprint == result.GetProperty("partialFingerprints").GetProperty("ccaudit/v1").GetString());
            Assert.Equal(finding.Location!.Path, ResolvedPath(run, result.GetProperty("locations")[0]));
        }
    }

    [Fact]
    public async Task Sarif_RulesCarryGithubSecuritySeverity_InTheBandOfTheirSeverity()
    {
        using var doc = JsonDocument.Parse(await TextAsync(new SarifReportWriter()));
        var rules = doc.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();

        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            var metadata = _report.Rules.Single(r => r.Id == rule.GetProperty("id").GetString());
            var properties = rule.GetProperty("properties");
            Assert.Equal(SeverityText.Of(metadata.Severity), properties.GetProperty("severity").GetString());
            var (low, high) = metadata.Severity switch
            {
                Severity.Critical => (9.0, 10.0),
                Severity.High => (7.0, 8.9),
                Severity.Medium => (4.0, 6.9),
                Severity.Low => (0.1, 3.9),
                _ => (double.NaN, double.NaN),
            };
            if (double.IsNaN(low))
            {
                Assert.False(properties.TryGetProperty("security-severity", out _), $"{metadata.Id} is informational");
                continue;
            }

            var score = double.Parse(properties.GetProperty("security-severity").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(score, low, high);
        }
    }

    /// <summary>A SARIF location back to the absolute path it names, through <c>originalUriBaseIds</c> when it has a base.</summary>
    private static string ResolvedPath(JsonElement run, JsonElement location)
    {
        var artifact = location.GetProperty("physicalLocation").GetProperty("artifactLocation");
        var uri = artifact.GetProperty("uri").GetString()!;
        if (!artifact.TryGetProperty("uriBaseId", out var baseId))
        {
            return new Uri(uri).LocalPath;
        }

        var root = run.GetProperty("originalUriBaseIds").GetProperty(baseId.GetString()!).GetProperty("uri").GetString()!;
        Assert.EndsWith("/", root, StringComparison.Ordinal);
        Assert.False(Path.IsPathRooted(uri), uri);
        return new Uri(new Uri(root), uri).LocalPath;
    }

    [Fact]
    public async Task Sarif_SchemaCatchesABrokenLog()
    {
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(TestEnvironment.NpmFile("@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json"), TestContext.Current.CancellationToken);
        var broken = (await TextAsync(new SarifReportWriter())).Replace("\"level\": \"error\"", "\"level\": \"catastrophic\"", StringComparison.Ordinal);

        Assert.NotEmpty(schema.Validate(broken));
    }

    [Fact]
    public async Task Html_EscapesEveryHostileStringAndRequestsNothing()
    {
        var html = await TextAsync(new HtmlReportWriter());

        Assert.DoesNotContain(HostileReport.Script, html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=\"window", html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\u202E", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);
        Assert.DoesNotContain("hostile-token-0123456789abcdef", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markdown_IsOrganisedByTheSevenSteps_AndEscapesMarkup()
    {
        var md = await TextAsync(new MarkdownReportWriter());

        foreach (var heading in new[] { "## What the scan could not see", "## 1. Inventory", "## 2. Permission drift", "## 3. MCP servers", "## 4. Reach", "## 5. Monitoring", "## 6. Red team", "## 7. Decisions" })
        {
            Assert.Contains(heading, md, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("<script>", md, StringComparison.Ordinal);
        Assert.Contains("needs tighter controls", md, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReportTables.Findings)]
    [InlineData(ReportTables.McpServers)]
    [InlineData(ReportTables.PermissionRules)]
    public async Task Csv_NeutralisesFormulaInjection(string table)
    {
        var csv = await TextAsync(new CsvReportWriter(table));

        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length > 1);
        foreach (var field in lines.SelectMany(l => l.Split(',')))
        {
            var value = field.Trim('"');
            Assert.False(value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal), $"unescaped formula field: {field}");
        }
    }

    [Theory]
    [InlineData(ReportTables.McpServers, HostileReport.Formula)]
    [InlineData(ReportTables.McpServers, HostileReport.DashFormula)]
    [InlineData(ReportTables.PermissionRules, HostileReport.DashFormula)]
    public async Task Csv_KeepsTheHostileValueBehindAQuote(string table, string hostile)
    {
        var csv = await TextAsync(new CsvReportWriter(table));

        Assert.Contains("'" + hostile, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Xlsx_HasTheSummaryAndTableSheetsWithTheSameRowsAsTheTables()
    {
        var bytes = await HostileReport.RenderAsync(new XlsxReportWriter(), _report);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var workbook = new StreamReader(zip.GetEntry("xl/workbook.xml")!.Open()).ReadToEnd();
        Assert.Contains("MCP servers", workbook, StringComparison.Ordinal);
        Assert.Contains("Permission rules", workbook, StringComparison.Ordinal);
        Assert.Contains("Findings", workbook, StringComparison.Ordinal);
        var findingsSheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet4.xml")!.Open()).ReadToEnd();
        Assert.Equal(_report.Findings.Count + 1, System.Text.RegularExpressions.Regex.Count(findingsSheet, "<row"));
        Assert.DoesNotContain("<f>", findingsSheet, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, ReportTables.McpServers)]
    [InlineData(3, ReportTables.PermissionRules)]
    public async Task Xlsx_SheetHasTheTableColumnsAndRows(int sheet, string table)
    {
        var expected = ReportTables.Get(_report, table);
        var bytes = await HostileReport.RenderAsync(new XlsxReportWriter(), _report);

        using var zip = new ZipArchive(new MemoryStream(bytes));
        var xml = new StreamReader(zip.GetEntry($"xl/worksheets/sheet{sheet}.xml")!.Open()).ReadToEnd();
        var rows = System.Text.RegularExpressions.Regex.Matches(xml, "<row.*?</row>", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(r => System.Text.RegularExpressions.Regex.Matches(r.Value, "<c[^>]*>(?:<is>)?<[tv][^>]*>(.*?)</[tv]>", System.Text.RegularExpressions.RegexOptions.Singleline).Select(t => System.Net.WebUtility.HtmlDecode(t.Groups[1].Value)).ToList())
            .ToList();
        Assert.Equal(expected.Header, rows[0]);
        Assert.Equal(expected.Rows.Count, rows.Count - 1);
        Assert.Contains(rows.Skip(1), r => r.Contains(HostileReport.DashFormula));
        Assert.DoesNotContain("<f>", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllWriters_ProduceNoSecretValue()
    {
        foreach (var format in ReportWriters.Registry.All.Where(f => !f.IsBinary))
        {
            using var stream = new MemoryStream();
            await format.Write(_report, FormatRequest.Default, stream, TestContext.Current.CancellationToken);
            Assert.DoesNotContain("hostile-token-0123456789abcdef", Encoding.UTF8.GetString(stream.ToArray()), StringComparison.Ordinal);
        }
    }
}
