using CcAudit.Core.Reports;
using CcAudit.Core.Tests.TestSupport;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml.Validation;

namespace CcAudit.Core.Tests.Reports;

/// <summary>
/// The workbook read back with the Open XML SDK (a reader ccaudit did not write): valid against the spreadsheet schema, a
/// summary sheet of the seven verdicts first, typed numbers, and every sheet with a bold frozen filtered header and widths.
/// </summary>
public sealed class XlsxWorkbookTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly AuditReport _report;
    private readonly SpreadsheetDocument _workbook;

    public XlsxWorkbookTests()
    {
        _report = HostileReport.Build(_dir);
        var bytes = HostileReport.RenderAsync(new XlsxReportWriter(), _report).GetAwaiter().GetResult();
        _workbook = SpreadsheetDocument.Open(new MemoryStream(bytes), false);
    }

    public void Dispose()
    {
        _workbook.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Workbook_IsValidOpenXml()
    {
        var errors = new OpenXmlValidator().Validate(_workbook, TestContext.Current.CancellationToken).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }

    [Fact]
    public void SummarySheet_ComesFirst_WithTheSevenVerdictsAndNumericCounts()
    {
        var sheets = _workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList();
        Assert.Equal(XlsxReportWriter.SummarySheet, sheets[0]);

        var rows = Rows(0);
        Assert.Equal(["step", "name", "verdict", "critical", "high", "medium", "low", "info", "notes"], rows[0].Select(c => c.Text));
        Assert.Equal(7, rows.Count - 1);
        foreach (var (step, row) in _report.Steps.Zip(rows.Skip(1)))
        {
            Assert.Equal(step.Verdict, row[2].Text);
            Assert.True(row[3].IsNumber && row[4].IsNumber, "severity counts are typed numbers");
            Assert.Equal(step.High, int.Parse(row[4].Text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void FindingsSheet_TypesLinesAsNumbers_AndKeepsFingerprintsAndHostileTextAsText()
    {
        var index = _workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value).ToList().IndexOf("Findings");
        var rows = Rows(index);
        var header = rows[0].Select(c => c.Text).ToList();

        Assert.All(rows.Skip(1), r => Assert.True(r[header.IndexOf("line")].IsNumber));
        Assert.All(rows.Skip(1), r => Assert.False(r[header.IndexOf("fingerprint")].IsNumber));
        Assert.All(rows.Skip(1), r => Assert.False(r[header.IndexOf("message")].IsNumber));
        Assert.DoesNotContain(_workbook.WorkbookPart.WorksheetParts, p => p.Worksheet.Descendants<CellFormula>().Any());
    }

    [Fact]
    public void EverySheet_HasABoldFrozenFilteredHeader_AndColumnWidths()
    {
        var part = _workbook.WorkbookPart!;
        var fonts = part.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ToList();
        var formats = part.WorkbookStylesPart.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        foreach (var sheet in part.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
            var pane = worksheet.Descendants<Pane>().Single();
            Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
            Assert.Equal(1d, pane.VerticalSplit!.Value);
            Assert.NotNull(worksheet.Descendants<AutoFilter>().SingleOrDefault());
            Assert.NotEmpty(worksheet.Descendants<Column>());
            Assert.All(worksheet.Descendants<Column>(), c => Assert.InRange(c.Width!.Value, 8, 60));
            var first = worksheet.Descendants<Row>().First().Elements<Cell>().First();
            var font = fonts[(int)formats[(int)first.StyleIndex!.Value].FontId!.Value];
            Assert.NotNull(font.Bold);
        }
    }

    private sealed record CellValue(string Text, bool IsNumber);

    private List<List<CellValue>> Rows(int sheetIndex)
    {
        var part = _workbook.WorkbookPart!;
        var sheet = part.Workbook.Sheets!.Elements<Sheet>().ElementAt(sheetIndex);
        var worksheet = ((WorksheetPart)part.GetPartById(sheet.Id!)).Worksheet;
        return [.. worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(c => c.DataType?.Value == CellValues.InlineString
            ? new CellValue(c.InlineString!.InnerText, false)
            : new CellValue(c.CellValue?.Text ?? c.InnerText, c.DataType is null || c.DataType.Value == CellValues.Number)).ToList())];
    }
}
