using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.RedTeam;
using CcAudit.Core.RedTeam.Live;

namespace CcAudit.Cli.Commands;

/// <summary>What <c>ccaudit redteam</c> writes: the static pass, the live pass when it ran, and the audit report their
/// findings make.</summary>
internal sealed record RedTeamOutput(RedTeamReport Report, AuditReport Audit, LiveRedTeamReport? Live = null);

/// <summary>
/// The formats of <c>ccaudit redteam</c> (the console writer first); SARIF is the audit report's own writer. Here, in the
/// CLI, because the red team must not depend on the report writers (that edge would close a namespace cycle).
/// </summary>
internal static class RedTeamFormats
{
    public static FormatRegistry<RedTeamOutput> Registry { get; } = new("redteam",
    [
        ReportFormat<RedTeamOutput>.Text("json", ".json", (output, _) => Json(output)),
        ReportFormat<RedTeamOutput>.Text("md", ".md", (output, _) =>
            RedTeamReportWriter.ToMarkdown(output.Report) + (output.Live is { } live ? "\n" + LiveReportWriter.ToMarkdown(live)
                : "")) with { Alias = "markdown" },
        new ReportFormat<RedTeamOutput>("sarif", ".sarif", false, (output, _, stream, cancellationToken) =>
            new SarifReportWriter().WriteAsync(output.Audit, stream, cancellationToken)),
    ]);

    /// <summary>The console text: the static headline and probes, then the live pass.</summary>
    public static string Text(RedTeamOutput output, bool all)
    {
        ArgumentNullException.ThrowIfNull(output);
        return RedTeamReportWriter.ToText(output.Report, all) + (output.Live is { } live ? LiveReportWriter.ToText(live, all) : "");
    }

    /// <summary>The static JSON, unchanged, with a <c>live</c> member when the live pass ran.</summary>
    private static string Json(RedTeamOutput output)
    {
        var text = RedTeamReportWriter.ToJson(output.Report);
        if (output.Live is not { } live)
        {
            return text;
        }

        var node = JsonNode.Parse(text)!.AsObject();
        node["live"] = LiveReportWriter.ToJsonNode(live);
        return node.ToJsonString(AuditJson.Options) + "\n";
    }
}
