namespace CcAudit.Core.Permissions.Oracle;

/// <summary>How to run the real binary as a permission oracle.</summary>
/// <param name="ClaudeBinary">The native <c>claude.exe</c> of npm <c>@anthropic-ai/claude-code@2.1.328</c>.</param>
/// <param name="RunsDirectory">Where sandboxes and run artefacts go; must lie outside every mirrored path.</param>
/// <param name="BatchSize">Probes per process: start-up costs about 0.5 s, decisions 15–25 ms each (§4).</param>
/// <param name="Parallelism">Concurrent runs; each has its own namespaces.</param>
/// <param name="KeepRuns">Keep each run's sandbox, stream-json output and debug log for inspection.</param>
public sealed record OracleOptions(string ClaudeBinary, string RunsDirectory, int BatchSize = 120, int Parallelism = 2, bool KeepRuns = false)
{
    /// <summary>More environment for the binary (telemetry exporters in monitor tests); cannot replace the jail's own variables.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>More loopback ports inside the jail, each relayed to a Unix socket of this process (an OTLP receiver).</summary>
    public IReadOnlyList<(int Port, string Socket)> Relays { get; init; } = [];

    public const string DefaultRunsDirectory = "/var/tmp/ccaudit-oracle";

    /// <summary>Per-run limit: start-up plus a generous allowance per probe; a run past it is killed and its probes are invalid.</summary>
    public static TimeSpan TimeoutFor(int probes) => TimeSpan.FromSeconds(60 + (probes * 0.5));
}
