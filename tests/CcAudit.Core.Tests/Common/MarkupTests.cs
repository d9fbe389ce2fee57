using CcAudit.Core.Common;
using CcAudit.Core.Reports;

namespace CcAudit.Core.Tests.Common;

public sealed class MarkupTests
{
    [Theory]
    [InlineData("[x](https://evil)", "\\[x\\](https://evil)")]
    [InlineData("\\[x](https://evil)", "\\\\\\[x\\](https://evil)")]
    [InlineData("a|b\nc", "a\\|b c")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;")]
    [InlineData("![p](x) *b* _i_ `c` # h ~s~", "\\!\\[p\\](x) \\*b\\* \\_i\\_ \\`c\\` \\# h \\~s\\~")]
    public void Markdown_Escape_LeavesNoLinkMarkupOrCellBreak(string text, string expected) =>
        Assert.Equal(expected, MarkdownText.Escape(text));

    [Fact]
    public void Markdown_Code_KeepsBackticksAndPipesInside() => Assert.Equal("`a'b\\|c d`", MarkdownText.Code("a`b|c\nd"));

    [Fact]
    public void Html_Escape_EncodesMarkupAndQuotes() =>
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;&amp;&#39;", HtmlText.Escape("<a href=\"x\">&'"));

    [Fact]
    public void TableDocument_Markdown_DoesNotTurnAHostileFileNameIntoALink()
    {
        var md = TableDocument.Markdown("t", [new ReportTable("files", ["path"], [["[x](https://evil)"]])]);

        Assert.Contains("| \\[x\\](https://evil) |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("[x](", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_RejectsADuplicateName_AndFindsAliases()
    {
        var json = ReportFormat<string>.Json(s => s);
        Assert.Throws<ArgumentException>(() => new FormatRegistry<string>("t", [json, json]));
        var md = ReportFormat<string>.Text("md", ".md", (s, _) => s) with { Alias = "markdown" };
        var registry = new FormatRegistry<string>("t", [json, md]);
        Assert.Equal("md", registry.Find("markdown")!.Name);
        Assert.Null(registry.Find("xml"));
        Assert.Equal(["json", "md", "markdown"], registry.Names);
    }
}
