using CcAudit.Core.Common;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

internal sealed class NoManagedPolicyRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA451", "No managed policy on this machine", Severity.Medium, AuditStep.Monitoring,
        "Without managed settings, every control (deny rules, bypass lock, telemetry, hook restrictions) is up to each user and each repository.",
        "Deploy managed-settings.json (or server-managed settings) with at least deny rules for credential stores, `disableBypassPermissionsMode` and telemetry.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, User("{}")), Sample(false, Managed("""{"cleanupPeriodDays":60}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        // A home's cached server-managed settings are a managed policy too; they live in its launch directories' managed tier.
        if (!context.Managed.Present && !context.Documents.Any(d => d.Source == SettingsSource.Managed))
        {
            yield return Found($"no managed policy in {context.Managed.Directory}", new SourceLocation(context.Managed.Directory), "managed-policy");
        }
    }
}

internal sealed class TelemetryDisabledRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA452", "OpenTelemetry export is not enabled", Severity.Medium, AuditStep.Monitoring,
        "Claude Code exports tool decisions, API requests and costs only with `CLAUDE_CODE_ENABLE_TELEMETRY=1` plus an exporter; `DISABLE_TELEMETRY` does not govern it. Without it there is no central evidence of what sessions did.",
        "Set `CLAUDE_CODE_ENABLE_TELEMETRY=1`, `OTEL_LOGS_EXPORTER=otlp`, `OTEL_METRICS_EXPORTER=otlp` and `OTEL_EXPORTER_OTLP_ENDPOINT` in managed settings `env`.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, User("""{"env":{"FOO":"1"}}""")), Sample(false, Managed("""{"env":{"CLAUDE_CODE_ENABLE_TELEMETRY":"1"}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var launch in context.Launches.DistinctBy(l => l.Home.ConfigDir))
        {
            var enabled = launch.Settings.Documents.Where(d => d.Source is SettingsSource.Managed or SettingsSource.User)
                .Any(d => Env(d).Any(e => e.Name == "CLAUDE_CODE_ENABLE_TELEMETRY" && e.Value is "1" or "true"));
            if (!enabled)
            {
                yield return Found($"sessions of {launch.Home.ConfigDir} export no OpenTelemetry (CLAUDE_CODE_ENABLE_TELEMETRY is not set in managed or user settings)",
                    new SourceLocation(launch.Home.UserSettingsPath), launch.Home.ConfigDir);
            }
        }
    }
}

internal sealed class ContentLoggingRule : SettingCheck
{
    private static readonly string[] Gates = ["OTEL_LOG_USER_PROMPTS", "OTEL_LOG_ASSISTANT_RESPONSES", "OTEL_LOG_TOOL_DETAILS", "OTEL_LOG_TOOL_CONTENT", "OTEL_LOG_RAW_API_BODIES"];

    public override RuleMetadata Metadata { get; } = new("CCA453", "Telemetry exports prompt, response or tool content", Severity.Low, AuditStep.Monitoring,
        "Content gates send prompt text, model responses (which default to the prompt setting), tool inputs or raw API bodies to the collector: source code and secrets end up in the telemetry store.",
        "Enable content logging only with a retention and access policy for the collector; prefer metadata-only telemetry.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, Managed("""{"env":{"OTEL_LOG_USER_PROMPTS":"1"}}""")), Sample(false, Managed("""{"env":{"OTEL_LOG_USER_PROMPTS":"0"}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.SelectMany(d => Env(d).Where(e => Gates.Contains(e.Name) && e.Value is not ("0" or "false" or ""))
            .Select(e => Found($"{Tier(d.Source)} settings set {e.Name}={e.Value}", d.LocationOf(e.Pointer), e.Name)));
}

internal sealed class NoConfigChangeHookRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA454", "No ConfigChange hook records settings changes", Severity.Low, AuditStep.Monitoring,
        "The `ConfigChange` hook fires when user, project, local or skills settings change during a session (and can block it): the in-product audit trail for permission drift.",
        "Add a managed `ConfigChange` hook that logs `source` and `file_path` centrally.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Sample(true, User("{}")), Sample(false, Managed("""{"hooks":{"ConfigChange":[{"hooks":[{"type":"command","command":"/opt/audit/log-change"}]}]}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        if (context.Launches.Count > 0 && !context.Hooks.Any(h => h.Event == "ConfigChange"))
        {
            yield return Found("no ConfigChange hook is configured in any tier", new SourceLocation(context.Managed.Directory), "ConfigChange");
        }
    }
}

internal sealed class ShortRetentionRule : SettingCheck
{
    private const int MinimumDays = 30;

    public override RuleMetadata Metadata { get; } = new("CCA455", "Transcripts are deleted too soon for forensics", Severity.Low, AuditStep.Monitoring,
        "`cleanupPeriodDays` below 30 sweeps transcripts, file history and session data before an incident is usually noticed.",
        "Keep at least 30 days (90 where policy allows), and export telemetry for longer retention.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, User("""{"cleanupPeriodDays":3}""")), Sample(false, User("""{"cleanupPeriodDays":90}""")), Sample(false, User("{}"))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Launches.Select(l => l.Settings.Get("cleanupPeriodDays"))
            .Where(v => v is { Value.ValueKind: System.Text.Json.JsonValueKind.Number } && v.Value.GetDouble() < MinimumDays)
            .DistinctBy(v => v!.Location.Path)
            .Select(v => Found($"cleanupPeriodDays is {v!.Value.GetRawText()} ({Tier(v.Source)} settings)", v.Location, "cleanupPeriodDays"));
}

internal sealed class PlainOtlpEndpointRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA456", "Telemetry is exported over plain HTTP", Severity.Low, AuditStep.Monitoring,
        "An `http://` OTLP endpoint off the machine sends session metadata (and any enabled content) unencrypted.",
        "Use an https:// endpoint or a local collector on loopback.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, Managed("""{"env":{"OTEL_EXPORTER_OTLP_ENDPOINT":"http://otel.corp.example.com:4318"}}""")), Sample(false, Managed("""{"env":{"OTEL_EXPORTER_OTLP_ENDPOINT":"http://127.0.0.1:4318"}}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.SelectMany(d => Env(d).Where(e => e.Name.StartsWith("OTEL_EXPORTER_OTLP", StringComparison.Ordinal) && e.Name.EndsWith("ENDPOINT", StringComparison.Ordinal)
                && Uri.TryCreate(e.Value, UriKind.Absolute, out var uri) && uri.Scheme == "http" && !uri.IsLoopback)
            .Select(e => Found($"{Tier(d.Source)} settings export telemetry to {e.Value}", d.LocationOf(e.Pointer), e.Name)));
}

internal sealed class MonitorSetupGapRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA457", "Telemetry misses what monitoring needs", Severity.Low, AuditStep.Monitoring,
        "With telemetry on, `ccaudit monitor` still sees no tool decisions without `OTEL_LOGS_EXPORTER=otlp`, cannot tell teams apart without a `team` in "
        + "`OTEL_RESOURCE_ATTRIBUTES`. Tool details (`OTEL_LOG_TOOL_DETAILS`) are a content gate the team chooses: CCA453 reports them, this rule does not ask for them.",
        "Apply the snippet `ccaudit monitor setup` prints to managed settings.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        Sample(true, Managed("""{"env":{"CLAUDE_CODE_ENABLE_TELEMETRY":"1","OTEL_METRICS_EXPORTER":"otlp"}}""")),
        Sample(false, Managed("""{"env":{"CLAUDE_CODE_ENABLE_TELEMETRY":"1","OTEL_LOGS_EXPORTER":"otlp","OTEL_RESOURCE_ATTRIBUTES":"team=platform"}}""")),
        Sample(false, User("{}")),
    ];

    public override IEnumerable<Finding> Analyze(RuleContext context)
    {
        foreach (var launch in context.Launches.DistinctBy(l => l.Home.ConfigDir))
        {
            // Highest tier wins for env, as Claude Code merges it: managed over user.
            var env = launch.Settings.Documents.Where(d => d.Source is SettingsSource.Managed or SettingsSource.User).OrderBy(d => d.Source == SettingsSource.Managed ? 0 : 1)
                .SelectMany(d => Env(d).Select(e => (Document: d, Entry: e))).GroupBy(x => x.Entry.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            if (!env.TryGetValue("CLAUDE_CODE_ENABLE_TELEMETRY", out var enabled) || enabled.Entry.Value is not ("1" or "true"))
            {
                continue;
            }

            var missing = new List<string>();
            if (Value(env, "OTEL_LOGS_EXPORTER") != "otlp")
            {
                missing.Add("OTEL_LOGS_EXPORTER=otlp (no tool decisions without log events)");
            }

            if (Value(env, "OTEL_RESOURCE_ATTRIBUTES") is not { } attributes || !attributes.Split(',').Any(a => a.Trim().StartsWith("team=", StringComparison.Ordinal)))
            {
                missing.Add("team=… in OTEL_RESOURCE_ATTRIBUTES (no per-team baseline)");
            }

            if (missing.Count > 0)
            {
                yield return Found($"telemetry of {launch.Home.ConfigDir} is on but lacks " + string.Join("; ", missing), enabled.Document.LocationOf(enabled.Entry.Pointer), launch.Home.ConfigDir);
            }
        }
    }

    private static string? Value<T>(Dictionary<string, (T Document, (string Name, string Value, string Pointer) Entry)> env, string name) =>
        env.TryGetValue(name, out var found) ? found.Entry.Value : null;
}
