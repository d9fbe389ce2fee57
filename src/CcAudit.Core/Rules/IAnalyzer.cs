namespace CcAudit.Core.Rules;

/// <summary>What an analyzer reads; the pipeline collects each kind once and hands it to every analyzer that needs it.</summary>
public enum EvidenceKind
{
    /// <summary>The scanned configuration: launch directories, homes, managed policy (<see cref="RuleContext"/>).</summary>
    Configuration,

    /// <summary>What one launch directory can read (a walked tree with read decisions).</summary>
    Reach,

    /// <summary>What live MCP servers said about themselves (opt-in inspection).</summary>
    McpInspection,

    /// <summary>How an inspected server changed against its accepted pin, or between two clients.</summary>
    McpPins,

    /// <summary>The suppression files of the audit.</summary>
    Suppressions,

    /// <summary>The launch directories' effective settings and a baseline policy to compare them with (<c>--baseline-policy</c>).</summary>
    Baseline,

    /// <summary>Probes and planted injections played against the real binary in a jail (<c>redteam --live</c>).</summary>
    LiveRedTeam,

    /// <summary>Telemetry Claude Code exported (and transcripts joined on session id): <c>Monitoring.MonitorFacts</c>.</summary>
    Telemetry,

    /// <summary>What the transcripts say Claude Code did: <c>Activity.ActivitySummary</c> with its tool-call evidence.</summary>
    Transcripts,
}

/// <summary>
/// One analyzer: the rules it reports (metadata: id, title, severity, step, help, docs) and the evidence it needs.
/// Every analyzer is registered once, in <c>CcAudit.Core.Analysis.AnalyzerRegistry</c>; its rules are the catalog.
/// </summary>
public interface IAnalyzer
{
    /// <summary>Every rule this analyzer can report, one metadata per id.</summary>
    IReadOnlyList<RuleMetadata> Rules { get; }

    EvidenceKind Needs { get; }
}

/// <summary>An analyzer over one kind of evidence: <c>Analyze(evidence) → findings</c>, pure (no I/O).</summary>
public interface IAnalyzer<in TEvidence> : IAnalyzer
{
    IEnumerable<Finding> Analyze(TEvidence evidence);
}

/// <summary>Lookups of an analyzer's own rules, so a finding always takes its title from the metadata.</summary>
public static class AnalyzerRules
{
    public static RuleMetadata Rule(this IAnalyzer analyzer, string id)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return analyzer.Rules.FirstOrDefault(r => r.Id == id)
            ?? throw new ArgumentException($"{analyzer.GetType().Name} reports no rule {id}", nameof(id));
    }
}
