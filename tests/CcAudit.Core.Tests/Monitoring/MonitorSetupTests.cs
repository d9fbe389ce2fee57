using CcAudit.Core.Analysis;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Monitoring;

/// <summary>The printed snippet, applied as managed settings, satisfies the scan rules that check a machine against it.</summary>
public sealed class MonitorSetupTests
{
    [Fact]
    public void Snippet_AsManagedSettings_PassesTheMonitoringPostureRules_AndKeepsTheTokenOut()
    {
        var text = MonitorSetup.Text(new MonitorSetupOptions("https://otel.example:4318", [("team", "platform"), ("cost center", "a,b")], TokenEnvironment: "OTLP_TOKEN"));
        var context = RuleSampleContext.Build(RuleSample.NoMatch((SettingsSource.Managed, text)), DateTimeOffset.UtcNow);

        foreach (var id in new[] { "CCA452", "CCA454", "CCA457" })
        {
            var rule = AnalyzerRegistry.ConfigurationRules.Single(r => r.Metadata.Id == id);
            Assert.Empty(rule.Analyze(context));
        }

        Assert.Contains("team=platform,cost%20center=a%2Cb", text, StringComparison.Ordinal);
        Assert.Contains("$OTLP_TOKEN", text, StringComparison.Ordinal);
        Assert.Contains("ccaudit monitor record", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TelemetryWithoutTheSetup_IsFlaggedByCCA457()
    {
        var context = RuleSampleContext.Build(RuleSample.Match((SettingsSource.Managed, """{"env":{"CLAUDE_CODE_ENABLE_TELEMETRY":"1"}}""")), DateTimeOffset.UtcNow);
        var findings = AnalyzerRegistry.ConfigurationRules.Single(r => r.Metadata.Id == "CCA457").Analyze(context).ToList();
        var finding = Assert.Single(findings);
        Assert.Contains("OTEL_LOGS_EXPORTER", finding.Message, StringComparison.Ordinal);
    }
}
