using CcAudit.Core.Reports;
using CcAudit.Core.Tests.Reports;
using CcAudit.Core.Tests.TestSupport;
using Microsoft.Playwright;

namespace CcAudit.BrowserTests;

/// <summary>The HTML report opened in real headless Chromium (Debian's), with a hostile fixture: nothing may run, nothing may load.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task HostileReport_RunsNoInjectedScript_RequestsNothing_AndPaintsItsCharts()
    {
        var report = HostileReport.Build(_dir);
        var path = _dir.Combine("report.html");
        await File.WriteAllBytesAsync(path, await HostileReport.RenderAsync(new HtmlReportWriter(), report), TestContext.Current.CancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        var dialogs = 0;
        page.Request += (_, request) => requests.Add(request.Url);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Dialog += async (_, dialog) =>
        {
            dialogs++;
            await dialog.DismissAsync();
        };

        await page.GotoAsync(new Uri(path).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var pwned = await page.EvaluateAsync<object?>("() => window.__pwned ?? null");
        var chartPixels = await page.EvaluateAsync<int>("() => { const c = document.getElementById('by-severity'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }");
        var text = await page.InnerTextAsync("body");
        var screenshot = Path.Combine(Environment.GetEnvironmentVariable("CCAUDIT_TEST_ARTIFACTS") ?? Path.Combine(AppContext.BaseDirectory, "artifacts"), "html-report.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        TestContext.Current.SendDiagnosticMessage($"screenshot: {screenshot}");

        Assert.Null(pwned);
        Assert.Equal(0, dialogs);
        Assert.Equal([new Uri(path).AbsoluteUri], requests);
        Assert.Empty(errors);
        Assert.True(chartPixels > 500, $"chart painted {chartPixels} pixels");
        Assert.Contains("<script>window.__pwned=1</script>", text, StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("a[href^='javascript']").CountAsync());
    }
}
