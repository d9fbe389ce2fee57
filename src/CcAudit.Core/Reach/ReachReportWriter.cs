using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CcAudit.Core.Common;

namespace CcAudit.Core.Reach;

/// <summary>Renders a <see cref="ReachReport"/> as plain text, Markdown or JSON. Secrets appear only in redacted form.</summary>
public static class ReachReportWriter
{
    /// <summary>The house JSON style (enums and severities spelled as in every other report, every string redacted), nulls left out.</summary>
    private static readonly JsonSerializerOptions Json = new(AuditJson.Options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Every format of the reach report; its console view is plain text, so it is registered here.</summary>
    public static FormatRegistry<ReachReport> Registry { get; } = new("reach",
    [
        ReportFormat<ReachReport>.Text("console", ".txt", (r, _) => ToText(r)),
        ReportFormat<ReachReport>.Text("json", ".json", (r, _) => ToJson(r)),
        ReportFormat<ReachReport>.Text("md", ".md", (r, _) => ToMarkdown(r)) with { Alias = "markdown" },
    ]);

    public static string ToJson(ReachReport report) => JsonSerializer.Serialize(report, Json);

    public static string ToText(ReachReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var launch in report.Launches)
        {
            text.AppendLine(launch.Verdict);
            foreach (var size in launch.WorkingDirectories)
            {
                text.AppendLine(Inv($"  working directory {size.Root}: {size.Files:N0} files, {size.Bytes:N0} bytes, {size.GitIgnoredFiles:N0} git-ignored{(size.Truncated ? ", walk truncated" : string.Empty)}"));
            }

            text.AppendLine(Inv($"  {launch.Sandbox?.ToString() ?? new SandboxReadNote(false, [], true).ToString()}"));
            foreach (var file in launch.Files)
            {
                text.AppendLine(Inv($"  [{file.Read.Decision.ToString().ToUpperInvariant()}] {file.Path} ({file.Kind}{(file.Git == GitState.Ignored ? ", git-ignored" : string.Empty)}) - {file.Read.Reason}"));
                foreach (var secret in file.Secrets)
                {
                    text.AppendLine(Inv($"      line {secret.Line}: {secret.Kind} {secret.Secret}"));
                }
            }

            foreach (var escape in launch.Escapes)
            {
                text.AppendLine(Inv($"  [LINK] {escape.LinkPath} -> {escape.Target}"));
            }

            foreach (var advice in launch.Remediation)
            {
                text.AppendLine("  fix: " + advice);
            }

            if (launch.SuggestedDenyRules.Count > 0)
            {
                text.AppendLine("  deny rules to add (permissions.deny):");
                text.AppendLine(DenyRulesJson(launch, "    "));
            }

            text.AppendLine();
        }

        AppendDiagnostics(text, report, "");
        return text.ToString();
    }

    public static string ToMarkdown(ReachReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder("## Reach\n\n");
        foreach (var launch in report.Launches)
        {
            md.AppendLine(Inv($"### {Cell(launch.LaunchDirectory)}\n\n**{Cell(launch.Verdict)}**\n"));
            md.AppendLine("| Working directory | Files | Bytes | Git-ignored |\n|---|---:|---:|---:|");
            foreach (var size in launch.WorkingDirectories)
            {
                md.AppendLine(Inv($"| {Cell(size.Root)} | {size.Files:N0} | {size.Bytes:N0} | {size.GitIgnoredFiles:N0} |"));
            }

            md.AppendLine(Inv($"\n{Cell(launch.Sandbox?.ToString() ?? new SandboxReadNote(false, [], true).ToString())}\n"));
            if (launch.Files.Count > 0)
            {
                md.AppendLine("| Read | Bash cat | File | Kind | Git | Secrets |\n|---|---|---|---|---|---|");
                foreach (var file in launch.Files)
                {
                    var secrets = string.Join("<br>", file.Secrets.Select(s => Inv($"{s.Kind} (line {s.Line}) {MarkdownText.Code(s.Secret.ToString())}")));
                    md.AppendLine(Inv($"| {file.Read.Decision} | {file.BashCat.Decision} | {Cell(file.Path)} | {file.Kind} | {file.Git} | {secrets} |"));
                }
            }

            foreach (var escape in launch.Escapes)
            {
                md.AppendLine(Inv($"- symbolic link {Cell(escape.LinkPath)} → {Cell(escape.Target)}"));
            }

            md.AppendLine();
            foreach (var advice in launch.Remediation)
            {
                md.AppendLine("- " + Cell(advice));
            }

            if (launch.SuggestedDenyRules.Count > 0)
            {
                md.AppendLine("\nDeny rules to add:\n\n```json\n" + DenyRulesJson(launch, string.Empty) + "\n```\n");
            }
        }

        AppendDiagnostics(md, report, "- ");
        return md.ToString();
    }

    private static string DenyRulesJson(LaunchReach launch, string indent)
    {
        var json = JsonSerializer.Serialize(new { permissions = new { deny = launch.SuggestedDenyRules } }, Indented);
        return string.Join('\n', json.Split('\n').Select(l => indent + l));
    }

    private static void AppendDiagnostics(StringBuilder into, ReachReport report, string bullet)
    {
        if (report.Diagnostics.Count == 0)
        {
            return;
        }

        into.AppendLine(Inv($"{(bullet.Length > 0 ? "#### " : string.Empty)}What the walk could not see ({report.Diagnostics.Count} diagnostics)\n"));
        foreach (var diagnostic in report.Diagnostics)
        {
            into.AppendLine(bullet + (bullet.Length > 0 ? Cell(diagnostic.ToString()) : "  " + diagnostic));
        }
    }

    /// <summary>Paths and messages come from the scanned tree: a file named <c>[x](https://evil)</c> must stay text.</summary>
    private static string Cell(string value) => MarkdownText.Escape(value);

    private static string Inv(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
