using CcAudit.Core.Analysis;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Reports;

/// <summary>Builds the <see cref="AuditReport"/> from a scan and its findings.</summary>
public static class AuditReportBuilder
{
    public const string StaysApproved = "stays approved";
    public const string NeedsTighterControls = "needs tighter controls";
    public const string CouldNotBeAssessed = "could not be assessed";

    /// <summary>The report of one audit; <paramref name="reachWalked"/> says whether the reach walk ran (<c>--reach</c>):
    /// without it the reach step has looked at no file, so it is never "stays approved".</summary>
    public static AuditReport Build(ScanResult scan, IReadOnlyList<Finding> findings, IReadOnlyList<SuppressedFinding>? suppressed = null,
        IReadOnlyList<Diagnostic>? extraDiagnostics = null, Activity.ActivitySummary? activity = null, bool reachWalked = false)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(findings);
        var metadata = AnalyzerRegistry.Rules;
        var used = findings.Select(f => f.RuleId).Concat((suppressed ?? []).Select(s => s.Finding.RuleId)).ToHashSet(StringComparer.Ordinal);
        var diagnostics = scan.Inventory.Diagnostics.Concat(extraDiagnostics ?? []).Distinct().ToList();
        var rows = scan.Launches
            .SelectMany(l => l.Settings.PermissionRules.Select(r => new PermissionRuleRow(
                l.Path, r.List.ToString().ToLowerInvariant(), r.Rule, r.Source.ShortName(), r.Location.Path, r.Location.Line, r.Location.Column, r.Applied, r.IgnoredBecause)))
            .OrderBy(r => r.LaunchDirectory, StringComparer.Ordinal).ThenBy(r => r.File, StringComparer.Ordinal).ThenBy(r => r.Line)
            .ToList();
        var settings = scan.Launches
            .SelectMany(l => l.Settings.Values.Values.Where(v => !v.Path.StartsWith("permissions.allow", StringComparison.Ordinal) && !v.Path.StartsWith("permissions.ask", StringComparison.Ordinal) && !v.Path.StartsWith("permissions.deny", StringComparison.Ordinal))
                .Select(v => new SettingRow(l.Path, v.Path, SettingsDisplay.Render(v.Path, v.Value), v.Source.ShortName(), v.Location.Path, v.Location.Line)))
            .OrderBy(r => r.LaunchDirectory, StringComparer.Ordinal).ThenBy(r => r.Path, StringComparer.Ordinal)
            .ToList();
        // A user-tier hook is in force in every launch directory; one row per handler, not per directory.
        var hooks = scan.Launches
            .SelectMany(l => l.Settings.Hooks)
            .DistinctBy(h => (h.Location.Path, h.Location.JsonPointer))
            // A hook command may carry a token (curl -H "Authorization: …"): snapshots and drift keep it redacted.
            .Select(h => new HookRow(h.Event, h.Matcher, h.Type, h.Command is null ? null : Activity.CommandClassifier.Normalise(h.Command), h.Source.ShortName(), h.Location.Path, h.Location.Line))
            .OrderBy(h => h.File, StringComparer.Ordinal).ThenBy(h => h.Line)
            .ToList();
        // The one redactor sees every string of the report once, here, so every format and the store show the same.
        return AuditJson.Scrubbed(new AuditReport(
            AuditReport.CurrentSchemaVersion,
            scan.Inventory.Tool,
            scan.Inventory.GeneratedAt,
            scan.Inventory,
            findings,
            suppressed ?? [],
            [.. metadata.Where(m => used.Contains(m.Id)).OrderBy(m => m.Id, StringComparer.Ordinal)],
            rows,
            settings,
            activity ?? Activity.ActivitySummary.Empty,
            Steps(scan, findings, diagnostics, activity, reachWalked),
            diagnostics,
            hooks));
    }

    private static List<StepSummary> Steps(ScanResult scan, IReadOnlyList<Finding> findings, IReadOnlyList<Diagnostic> diagnostics, Activity.ActivitySummary? activity,
        bool reachWalked)
    {
        var blind = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var missing = scan.Inventory.LaunchDirectories.Count(l => !l.Exists);
        var steps = new List<StepSummary>();
        foreach (var step in Enum.GetValues<AuditStep>())
        {
            var own = findings.Where(f => f.Step == step).ToList();
            int Count(Severity s) => own.Count(f => f.Severity == s);
            var (verdict, notes) = step switch
            {
                AuditStep.Inventory => (own.Any(f => f.Severity >= Severity.Medium) ? NeedsTighterControls : StaysApproved,
                    $"{scan.Inventory.Homes.Count} Claude home(s), {scan.Inventory.LaunchDirectories.Count} launch director(y/ies), managed policy {(scan.Inventory.Managed.Present ? "present" : "absent")}" + (blind > 0 ? $"; {blind} place(s) could not be read" : string.Empty)),
                AuditStep.RedTeam when scan.Launches.Count == 0 => (CouldNotBeAssessed, "no launch directory to attack"),
                AuditStep.RedTeam => (own.Any(f => f.Severity >= Severity.Medium) ? NeedsTighterControls : StaysApproved,
                    $"{own.Count} finding(s) from probes generated from each launch directory's policy: "
                    + string.Join(", ", own.GroupBy(f => f.Title).Select(g => $"{g.Count()} {g.Key}"))),
                AuditStep.Monitoring when activity is { Transcripts: > 0 } a => (own.Any(f => f.Severity >= Severity.Medium) ? NeedsTighterControls : StaysApproved,
                    $"{own.Count} finding(s); activity: {a.Sessions} session(s), {a.Prompts} prompt(s), {a.ToolCalls} tool call(s), {a.Denials} denial(s), {a.BypassSessions} bypass session(s), {a.InputTokens + a.OutputTokens:N0} tokens, {a.Commands.Count(c => c.Categories.Count > 0)} risky command(s), {a.SecretsInToolResults.Count} secret(s) in tool output, {a.Anomalies.Count} anomal(y/ies)"),
                AuditStep.Reach when !reachWalked && !own.Any(f => f.Severity >= Severity.Medium) => (CouldNotBeAssessed,
                    $"{own.Count} finding(s) from the settings; no launch directory was walked: pass --reach to map what Claude Code can read"),
                AuditStep.Document => (blind > 0 ? NeedsTighterControls : StaysApproved, $"{diagnostics.Count} diagnostic(s) about what the scan could not see"),
                _ when scan.Launches.Count == 0 && scan.Inventory.Homes.All(h => !h.Exists) => (CouldNotBeAssessed, "no Claude Code configuration was found"),
                _ => (own.Any(f => f.Severity >= Severity.Medium) ? NeedsTighterControls : StaysApproved, $"{own.Count} finding(s)"),
            };
            (verdict, notes) = Unseen(verdict, notes, blind, missing);
            steps.Add(new StepSummary(step, RuleDocs.StepName(step), verdict, Count(Severity.Critical), Count(Severity.High), Count(Severity.Medium), Count(Severity.Low), Count(Severity.Info), notes));
        }

        return steps;
    }

    /// <summary>The hint the console and every report give when recorded launch directories are not on this disk.</summary>
    public static string PathMapHint(int missing) =>
        $"{missing} recorded launch director{(missing == 1 ? "y does" : "ies do")} not exist here; auditing a copy of another machine? pass --path-map RECORDED=COPY";

    /// <summary>
    /// A step with nothing found is approved only if the scan saw everything: a place it could not read, or a recorded
    /// launch directory that is not on this disk (a forensic copy without --path-map), makes it "could not be assessed".
    /// </summary>
    private static (string Verdict, string Notes) Unseen(string verdict, string notes, int blind, int missing)
    {
        if (missing > 0)
        {
            notes += "; " + PathMapHint(missing);
        }

        if (blind > 0 && !notes.Contains("could not be read", StringComparison.Ordinal))
        {
            notes += $"; {blind} place(s) could not be read (see diagnostics)";
        }

        return (verdict == StaysApproved && (blind > 0 || missing > 0) ? CouldNotBeAssessed : verdict, notes);
    }
}
