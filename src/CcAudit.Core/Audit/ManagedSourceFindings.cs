using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Audit;

/// <summary>
/// CCA474: which managed source is in force when several deliver a policy, and the empty server-managed copy. Evaluated over
/// the scan (each home's composed managed tier), not over rule samples: the sources are files the scan found.
/// </summary>
public sealed class ManagedSourceFindings : IAnalyzer<RuleContext>
{
    public static RuleMetadata Metadata { get; } = new("CCA474", "Managed sources disagree: one is in force, others are ignored", Severity.Medium, AuditStep.Monitoring,
        "Under `managedSourcesBehavior: first-wins` (the default) the highest source with any key is the whole managed tier: server-managed settings over MDM " +
        "(plist, HKLM) over managed-settings.json over HKCU. A file or profile an administrator believes in force may be ignored. A known failure: an empty " +
        "server-managed copy (`remote-settings.json` holding `{}`) has been reported to zero the local managed settings; ccaudit computes the tier from the local " +
        "sources and flags the empty copy, since which way the 2.1.328 binary goes could not be verified offline.",
        "Deliver one policy through one channel, or set `managedSourcesBehavior: \"merge\"` in the highest source; investigate an empty server-managed copy in the admin console.");

    /// <summary>The one instance, registered in the analyzer registry (declared after the metadata it reads).</summary>
    public static ManagedSourceFindings Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules { get; } = [Metadata];

    public EvidenceKind Needs => EvidenceKind.Configuration;

    public IEnumerable<Finding> Analyze(RuleContext evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var findings = new List<Finding>();
        var policies = evidence.Homes.Where(h => h.Managed is not null).Select(h => (Where: h.Home.ConfigDir, Policy: h.Managed!))
            .Append((Where: evidence.Managed.Directory, Policy: evidence.Managed))
            .DistinctBy(p => (p.Policy.InForce, string.Join('|', p.Policy.Shadowed), p.Policy.EmptyRemoteCache ? p.Where : string.Empty));
        foreach (var (where, policy) in policies)
        {
            if (policy.Shadowed.Count > 0)
            {
                findings.Add(Found($"{policy.InForce} is the managed tier; {string.Join(", ", policy.Shadowed)} also hold a policy and are ignored (first-wins)",
                    new SourceLocation(policy.Documents.Count > 0 ? policy.Documents[0].Path ?? where : where), policy.InForce));
            }

            if (policy.EmptyRemoteCache && policy.Documents.Count > 0)
            {
                findings.Add(Found($"the server-managed copy in {where} is empty while {policy.InForce} holds a policy: the known failure may leave sessions with no managed settings",
                    new SourceLocation(Path.Combine(where, "remote-settings.json")), "remote-settings.json"));
            }
        }

        return findings;
    }

    private static Finding Found(string message, SourceLocation location, string subject) =>
        new(Metadata, message, location, subject);
}
