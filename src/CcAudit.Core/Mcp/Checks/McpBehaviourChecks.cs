using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Mcp.Checks;

/// <summary>
/// Checks on how servers behave across connections and clients: rug pulls, renames, bait and switch, failures.
/// Their samples are pairs of states, exercised by the tests against the project's hostile server.
/// </summary>
public sealed class McpBehaviourChecks : IAnalyzer<McpBehaviourEvidence>
{
    public static IReadOnlyList<McpCheck> Checks { get; } =
    [
        new(McpCheckIds.RugPull, "MCP tool changed after it was accepted (rug pull)", Severity.High,
            "A server can pass review with a harmless description and change it later; Claude Code does not warn when descriptions change.",
            "Review the diff; if it is legitimate run `ccaudit mcp pin --accept <server>`, otherwise remove the server.", [], []),
        new(McpCheckIds.ToolSetChanged, "MCP server's tool set changed since it was accepted", Severity.Low,
            "New tools widen what the model can do through a server that was reviewed for fewer.",
            "Review the new tools and accept with `ccaudit mcp pin --accept <server>`.", [], []),
        new(McpCheckIds.BaitAndSwitch, "MCP server shows different tools to different clients", Severity.Critical,
            "A server that serves Claude Code other tools than an inspector sees is hiding what it does from review.",
            "Remove the server; report it.", [], []),
        new(McpCheckIds.InspectionFailed, "MCP server failed live inspection", Severity.Medium,
            "A server that hangs, crashes, floods output or does not speak MCP cannot be reviewed, and may misbehave in sessions too.",
            "Fix or remove the server; rerun `ccaudit mcp inspect --connect`.", [], []),
        new(McpCheckIds.ToolRenamed, "MCP tool was renamed since it was accepted", Severity.Medium,
            "A rename keeps the tool's behaviour but escapes name-based allow and deny rules.",
            "Update permission rules that name the old tool; accept the new state once reviewed.", [], []),
    ];

    public static McpCheck Get(string id) => Checks.Concat(McpContentAnalyzer.Checks).First(c => c.Id == id);

    /// <summary>The one instance, registered in the analyzer registry (declared after the static lists it reads).</summary>
    public static McpBehaviourChecks Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules { get; } = [.. Checks.Select(c => c.Metadata)];

    public EvidenceKind Needs => EvidenceKind.McpPins;

    /// <summary>The failure, pin and bait-and-switch findings of one inspected server.</summary>
    public IEnumerable<Finding> Analyze(McpBehaviourEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        if (ForFailure(evidence.Inspection) is { } failure)
        {
            yield return failure;
        }

        foreach (var change in McpPinTracker.ToFindings(evidence.Inspection.Server, evidence.PinChanges))
        {
            yield return change;
        }

        if (evidence.AsOtherClient is { } other && ForBaitAndSwitch(evidence.Inspection, other) is { } bait)
        {
            yield return bait;
        }
    }

    /// <summary>A finding when an inspection failed in a way that is the server's fault (not a refusal).</summary>
    public static Finding? ForFailure(McpInspection inspection)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        if (inspection.Status is McpInspectionStatus.Connected or McpInspectionStatus.Refused)
        {
            return null;
        }

        var check = Get(McpCheckIds.InspectionFailed);
        return new Finding(check.Metadata,
            $"MCP server '{inspection.Server.Name}' {inspection.Status switch { McpInspectionStatus.TimedOut => "timed out", McpInspectionStatus.Crashed => "crashed or closed the connection", _ => "answered garbage" }}: {inspection.Error}",
            inspection.Server.Location, inspection.Server.Name,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["status"] = inspection.Status.ToString(), ["stderr"] = inspection.StderrExcerpt.Length > 400 ? inspection.StderrExcerpt[..400] : inspection.StderrExcerpt });
    }

    /// <summary>A finding when the same server lists different tools to <paramref name="asClaude"/> and <paramref name="asOther"/>.</summary>
    public static Finding? ForBaitAndSwitch(McpInspection asClaude, McpInspection asOther)
    {
        ArgumentNullException.ThrowIfNull(asClaude);
        ArgumentNullException.ThrowIfNull(asOther);
        if (!asClaude.Connected || !asOther.Connected)
        {
            return null;
        }

        var changes = McpPinComparer.Compare([.. asOther.Tools.Select(McpToolPin.Of)], [.. asClaude.Tools.Select(McpToolPin.Of)]);
        if (changes.Count == 0)
        {
            return null;
        }

        var check = Get(McpCheckIds.BaitAndSwitch);
        return new Finding(check.Metadata,
            $"MCP server '{asClaude.Server.Name}' lists different tools to '{asClaude.ClientName}' than to '{asOther.ClientName}': {string.Join(", ", changes.Select(c => $"{c.Kind.ToString().ToLowerInvariant()} {c.ToolName}"))}",
            asClaude.Server.Location, asClaude.Server.Name,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["diff"] = string.Join("\n", changes.Where(c => c.Diff is not null).Select(c => $"{c.ToolName}: {c.Diff}")) });
    }
}

/// <summary>What the behaviour checks read about one server: its inspection, how it differs from its accepted pin, and
/// (with <c>--identify-as</c>) what it showed another client.</summary>
public sealed record McpBehaviourEvidence(McpInspection Inspection, IReadOnlyList<McpToolChange> PinChanges, McpInspection? AsOtherClient = null);
