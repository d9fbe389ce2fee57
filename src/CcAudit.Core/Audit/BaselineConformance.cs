using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Audit;

/// <summary>
/// Compares each launch directory's effective settings with a <see cref="BaselinePolicy"/>: every deviation is a CCA480
/// finding naming the key, the value in force with its tier and file (or "unset"), and what the baseline expects. Lists that
/// grant (allow rules, allowed domains, sockets, write paths, marketplaces, providers, hook URLs) are upper bounds: an entry
/// the baseline does not hold is a deviation. Other lists (deny, ask, auto-mode lists) are lower bounds: an entry the
/// baseline holds and the machine lacks is one.
/// </summary>
/// <summary>What the baseline analyzer reads: the launch directories with their effective settings, and the baseline.</summary>
public sealed record BaselineEvidence(IReadOnlyList<LaunchContext> Launches, BaselinePolicy Baseline);

public sealed class BaselineConformance : IAnalyzer<BaselineEvidence>
{
    public const string Present = "$present";

    public static RuleMetadata Rule { get; } = new("CCA480", "Deviation from the baseline policy", Severity.Medium, AuditStep.PermissionDrift,
        "`scan --baseline-policy strict|recommended|hipaa|FILE` compares the effective policy of every launch directory with a baseline: Anthropic's published " +
        "examples (restated as ccaudit data with their provenance) or a team's own file. Each difference is listed with the tier and file it comes from.",
        "Change the setting named in the finding (in managed policy for a managed baseline), or record why this machine differs as a suppression.");

    private static readonly HashSet<string> UpperBound = new(StringComparer.Ordinal)
    {
        "permissions.allow", "permissions.additionalDirectories", "sandbox.excludedCommands", "sandbox.network.allowUnixSockets", "sandbox.network.allowedDomains",
        "sandbox.filesystem.allowWrite", "allowedHttpHookUrls", "allowedMcpServers", "strictKnownMarketplaces", "allowedMarketplaces", "allowedProviders",
    };

    // An allow-list left unset admits everything; the others are closed when unset.
    private static readonly HashSet<string> OpenWhenUnset = new(StringComparer.Ordinal) { "allowedHttpHookUrls", "allowedMcpServers", "strictKnownMarketplaces", "allowedProviders" };

    /// <summary>The one instance, registered in the analyzer registry (declared after the static lists it reads).</summary>
    public static BaselineConformance Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules { get; } = [Rule];

    public EvidenceKind Needs => EvidenceKind.Baseline;

    IEnumerable<Finding> IAnalyzer<BaselineEvidence>.Analyze(BaselineEvidence evidence) => Analyze(evidence);

    /// <summary>The deviations, one per launch directory, key and entry.</summary>
    public static IReadOnlyList<Finding> Analyze(BaselineEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var (launches, baseline) = (evidence.Launches, evidence.Baseline);
        var findings = new List<Finding>();
        foreach (var launch in launches)
        {
            foreach (var (path, expected) in Expectations(baseline.Settings, string.Empty))
            {
                findings.AddRange(Compare(launch, baseline, path, expected));
            }
        }

        return findings.DistinctBy(f => (f.Message, f.Location?.Path)).ToList();
    }

    private static IEnumerable<(string Path, JsonElement Expected)> Expectations(JsonElement node, string prefix)
    {
        foreach (var property in node.EnumerateObject())
        {
            var path = prefix.Length == 0 ? property.Name : prefix + "." + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object && property.Value.EnumerateObject().Any())
            {
                foreach (var inner in Expectations(property.Value, path))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return (path, property.Value);
            }
        }
    }

    private static IEnumerable<Finding> Compare(LaunchContext launch, BaselinePolicy baseline, string path, JsonElement expected)
    {
        if (expected.ValueKind == JsonValueKind.Array)
        {
            return CompareList(launch, baseline, path, expected);
        }

        // JSON null in a settings file is no value (the schema's optional fields treat it as absent).
        var actual = launch.Settings.Get(path) is { Value.ValueKind: not JsonValueKind.Null } found ? found : null;
        var isSet = actual is not null || launch.Settings.Values.Keys.Any(k => k.StartsWith(path + ".", StringComparison.Ordinal));
        string? problem = expected.ValueKind switch
        {
            JsonValueKind.Null => isSet ? $"is set to {Show(path, actual)}, the baseline leaves it unset" : null,
            JsonValueKind.String when expected.GetString() == Present => isSet ? null : "is unset, the baseline sets it",
            _ when actual is null => $"is unset, the baseline expects {expected.GetRawText()}",
            _ when !JsonElement.DeepEquals(actual.Value, expected) => $"is {Show(path, actual)}, the baseline expects {expected.GetRawText()}",
            _ => null,
        };
        if (problem is null && baseline.ManagedOnly && actual is not null && actual.Source != SettingsSource.Managed)
        {
            problem = $"comes from {actual.Source.ShortName()} settings, the baseline expects it in managed policy";
        }

        return problem is null ? [] : [Deviation(launch, baseline, path, problem, actual?.Location, actual?.Source)];
    }

    private static IEnumerable<Finding> CompareList(LaunchContext launch, BaselinePolicy baseline, string path, JsonElement expected)
    {
        var wanted = expected.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()).ToHashSet(StringComparer.Ordinal);
        var entries = Entries(launch, path, baseline.ManagedOnly).ToList();
        if (entries.Count == 0 && OpenWhenUnset.Contains(path) && launch.Settings.Get(path) is null)
        {
            yield return Deviation(launch, baseline, path, $"is unset (everything allowed), the baseline expects {expected.GetRawText()}", null, null);
            yield break;
        }

        if (UpperBound.Contains(path))
        {
            foreach (var extra in entries.Where(e => !wanted.Contains(e.Value)))
            {
                yield return Deviation(launch, baseline, path, $"holds {extra.Value}, which the baseline does not allow", extra.Location, extra.Source);
            }

            yield break;
        }

        foreach (var missing in wanted.Where(w => !entries.Any(e => e.Value == w)))
        {
            yield return Deviation(launch, baseline, path, $"lacks {missing}", null, null);
        }
    }

    /// <summary>The entries of a list in force here: permission rules as the engine applies them, other lists from every tier that is read.</summary>
    private static IEnumerable<(string Value, SourceLocation Location, SettingsSource Source)> Entries(LaunchContext launch, string path, bool managedOnly)
    {
        if (path is "permissions.allow" or "permissions.ask" or "permissions.deny")
        {
            var list = Enum.Parse<PermissionList>(path["permissions.".Length..], ignoreCase: true);
            return launch.Settings.AppliedRules.Where(r => r.List == list && (!managedOnly || r.Source == SettingsSource.Managed))
                .Select(r => (r.Rule, r.Location, r.Source));
        }

        return launch.Settings.Documents
            .Where(d => !EffectiveSettingsBuilder.NotReadFrom(d.Source, path) && (!managedOnly || d.Source == SettingsSource.Managed))
            .SelectMany(d => CcAudit.Core.Rules.Catalog.SandboxFacts.Entries([d], path).Select(e => (e.Value, e.Location, d.Source)));
    }

    private static Finding Deviation(LaunchContext launch, BaselinePolicy baseline, string path, string problem, SourceLocation? location, SettingsSource? source)
    {
        var tier = source is { } s ? $" ({s.ShortName()} settings)" : string.Empty;
        var evidence = new Dictionary<string, string>(StringComparer.Ordinal) { ["baseline"] = baseline.Name, ["origin"] = baseline.Origin, ["launch"] = launch.Path };
        if (source is { } t)
        {
            evidence["tier"] = t.ShortName();
        }

        return new Finding(Rule, $"baseline {baseline.Name}: {path} {problem}{tier}", location ?? new SourceLocation(launch.Path), path, evidence);
    }

    /// <summary>The value in force as a report may show it: env values only redacted (they often hold credentials).</summary>
    private static string Show(string path, EffectiveValue? value) =>
        value is null ? "an object"
        : path.StartsWith("env.", StringComparison.Ordinal) && value.Value.ValueKind == JsonValueKind.String ? Redaction.Redact(value.Value.GetString()!).ToString()
        : value.Value.GetRawText();
}
