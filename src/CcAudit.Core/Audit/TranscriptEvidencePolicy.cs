using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Permissions;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// Names the rule that lets a transcript finding's call through today: the permission engine decides the call in its
/// launch directory (the home whose transcript holds it, paths mapped as the scan maps them) and an allow by a rule
/// becomes a related location at that rule. The transcript's own decision (source, reason type) stays in the finding.
/// </summary>
public static class TranscriptEvidencePolicy
{
    public static Finding Explain(Finding finding, IReadOnlyList<LaunchContext> launches, PathMap map)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(launches);
        ArgumentNullException.ThrowIfNull(map);
        if (finding.Evidence is not { } facts || !facts.TryGetValue("launch directory", out var recorded)
            || !facts.TryGetValue("tool", out var tool) || !facts.TryGetValue("command", out var subject)
            || finding.Location is not { } location)
        {
            return finding;
        }

        var directory = map.Apply(recorded);
        var launch = launches.FirstOrDefault(l => l.Path == directory
                && location.Path.StartsWith(l.Home.ConfigDir + "/", StringComparison.Ordinal))
            ?? launches.FirstOrDefault(l => l.Path == directory);
        var input = tool switch
        {
            "Bash" => new System.Text.Json.Nodes.JsonObject { ["command"] = subject },
            "Read" or "NotebookRead" => new System.Text.Json.Nodes.JsonObject { ["file_path"] = map.Apply(subject) },
            _ => null,
        };
        if (launch is null || input is null)
        {
            return finding;
        }

        var context = new PermissionContext("default", launch.Trusted, launch.Home.UserHome, launch.Path, [], launch.Settings.Documents);
        using var document = System.Text.Json.JsonDocument.Parse(input.ToJsonString());
        var decision = PermissionEngine.For(context).Decide(tool, document.RootElement);
        var today = decision.Rule is { } rule ? $"{decision.Decision.ToString().ToLowerInvariant()} by {rule} ({decision.Source})"
            : decision.Decision.ToString().ToLowerInvariant();
        var evidence = new Dictionary<string, string>(facts, StringComparer.Ordinal) { ["policy today"] = Redaction.Scrub(today) };
        var verb = decision.Decision.ToString().ToLowerInvariant();
        var related = decision.Location is { } at && decision.Rule is not null
            ? [.. finding.Related, new RelatedLocation(at, $"the rule that {verb}s it today")]
            : finding.Related;
        var message = finding.Message + $"; today's policy: {Redaction.Scrub(today)}";
        return finding with { Message = message, Evidence = evidence, Related = related };
    }
}
