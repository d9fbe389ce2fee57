using System.Text.Json.Serialization;

namespace CcAudit.Core.RedTeam.Live;

/// <summary>How to run the live red team.</summary>
/// <param name="ClaudeBinary">The native Claude Code 2.1.328 binary.</param>
/// <param name="RunsDirectory">Where the session's sandboxes go (outside every launch directory and home).</param>
/// <param name="MaxProbes">Probes played per launch directory at most, taken round-robin across families.</param>
/// <param name="ModelEndpoint">A real Messages API endpoint for the injection run (needs network); null: the scripted model.</param>
/// <param name="ApiKey">The key sent to <paramref name="ModelEndpoint"/>.</param>
/// <param name="KeepRuns">Keep the session's sandboxes and stream-json output.</param>
public sealed record LiveOptions(
    string ClaudeBinary, string RunsDirectory, int MaxProbes = 40, Uri? ModelEndpoint = null, string? ApiKey = null, bool KeepRuns = false)
{
    public const string DefaultRunsDirectory = "/var/tmp/ccaudit-live";
}

/// <summary>One check of the range self-check.</summary>
public sealed record RangeCheck(string Name, bool Passed, string Detail);

/// <summary>One probe played against the real binary.</summary>
/// <param name="Family">The attack family.</param>
/// <param name="Call">The call, redacted.</param>
/// <param name="Intent">What the probe tries.</param>
/// <param name="Mode">The mode it ran in.</param>
/// <param name="Trusted">Whether the folder was trusted.</param>
/// <param name="Engine">The static engine's decision (allowed, asks, denied).</param>
/// <param name="EngineRule">The rule the engine says decided it, with tier.</param>
/// <param name="Binary">The binary's class (allow, ask, deny, classifier, invalid).</param>
/// <param name="BinaryReason">The binary's reason type.</param>
/// <param name="Agrees">True/false when both decided; null when the binary gave no verdict (invalid, classifier).</param>
/// <param name="Effects">What was observed: commands the no-exec prefix recorded, canaries read, files written, egress.</param>
public sealed record LiveProbe(
    RedTeamFamily Family, string Call, string Intent, string Mode, bool Trusted, string Engine, string? EngineRule, string Binary,
    string BinaryReason, bool? Agrees, IReadOnlyList<string> Effects);

/// <summary>One planted instruction: the channel, whether it reached the model, the call it asked for and what the binary did.</summary>
public sealed record LiveInjection(string Channel, bool Delivered, string DeliveredBy, string Call, string Binary,
    IReadOnlyList<string> Effects)
{
    /// <summary>The injected call ran without anyone being asked.</summary>
    public bool WentThrough => Binary == "allow";
}

/// <summary>The live red team of one launch directory.</summary>
public sealed record LiveLaunch(
    string Directory, string Model, bool SelfCheckPassed, IReadOnlyList<RangeCheck> SelfCheck, IReadOnlyList<LiveProbe> Probes,
    IReadOnlyList<LiveInjection> Injections, int ProbesGenerated, double ProbesPerSecond, IReadOnlyList<string> Notes)
{
    /// <summary>Probes where engine and binary decided differently: each is an engine bug (or a case the engine cannot see).</summary>
    public IReadOnlyList<LiveProbe> Disagreements => [.. Probes.Where(p => p.Agrees == false)];

    public int Compared => Probes.Count(p => p.Agrees is not null);
}

/// <summary>The live red team of every attacked launch directory, with the findings it adds.</summary>
public sealed record LiveRedTeamReport(IReadOnlyList<LiveLaunch> Launches, IReadOnlyList<Rules.Finding> Findings)
{
    /// <summary>Canary names whose value appears whole in <c>text</c>; set by the run, never serialised.</summary>
    [JsonIgnore]
    public Func<string, IReadOnlyList<string>> Leaks { get; init; } = _ => [];
}
