using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// CCA477: a file in <c>managed-settings.d/</c> that Claude Code skips (hidden, not <c>.json</c>, a directory). One
/// finding per file, whatever number of homes or launch directories share the managed directory; high when the file
/// would have tightened the policy, since that is a control the operator believes is in force and no session has.
/// </summary>
public sealed class IgnoredDropInFindings : IAnalyzer<RuleContext>
{
    public static RuleMetadata Metadata { get; } = new("CCA458", "Managed drop-in that Claude Code ignores", Severity.Medium, AuditStep.Monitoring,
        "Claude Code 2.1.328 merges `managed-settings.d/*.json` in alphabetical order and skips hidden files and names not ending in `.json` without a " +
        "message. A drop-in renamed `.lockdown.json`, `50-deny.json.disabled` or `deny.json.bak` is not policy: if it holds deny rules or locks, the " +
        "operator believes a tightening is in force that no session applies (high); otherwise it is dead configuration that misleads the next reader.",
        "Rename the file to end in `.json` without a leading dot if it is meant to be policy (then re-run the audit to see it in force), or delete it.");

    public static IgnoredDropInFindings Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules { get; } = [Metadata];

    public EvidenceKind Needs => EvidenceKind.Configuration;

    public IEnumerable<Finding> Analyze(RuleContext evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var ignored = evidence.Homes.Where(h => h.Managed is not null).Select(h => h.Managed!).Append(evidence.Managed)
            .SelectMany(p => p.IgnoredDropIns).DistinctBy(d => d.Path, StringComparer.Ordinal);
        foreach (var dropIn in ignored)
        {
            var tightens = dropIn.Tightening.Count > 0;
            var message = tightens
                ? $"Claude Code ignores this managed drop-in ({dropIn.Reason}), so {string.Join(", ", dropIn.Tightening.Take(6))} in it are not in force: " +
                  "an operator reading the directory believes a tightening no session applies"
                : $"Claude Code ignores this managed drop-in ({dropIn.Reason})" +
                  (dropIn.Keys.Count > 0 ? $"; the keys it sets ({string.Join(", ", dropIn.Keys.Take(6))}) have no effect" : string.Empty);
            yield return new Finding(Metadata, message, new SourceLocation(dropIn.Path), Path.GetFileName(dropIn.Path))
            {
                Severity = tightens ? Severity.High : Metadata.Severity,
                Evidence = new Dictionary<string, string> { ["reason"] = dropIn.Reason, ["keys"] = string.Join(",", dropIn.Keys) },
            };
        }
    }
}
