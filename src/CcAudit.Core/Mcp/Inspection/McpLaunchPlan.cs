namespace CcAudit.Core.Mcp.Inspection;

/// <summary>
/// Exactly what an inspection will execute for a stdio server, shown to the user before it runs.
/// Environment values are never shown, only names; secret-looking arguments are redacted in <see cref="Display"/>.
/// </summary>
/// <param name="FileName">The program started.</param>
/// <param name="Arguments">Its full argument list, including the sandbox wrappers.</param>
/// <param name="EnvironmentNames">The names of every variable the process gets (nothing else is inherited).</param>
/// <param name="WorkingDirectory">A throwaway directory, also used as HOME and TMPDIR.</param>
/// <param name="NetworkIsolated">True when the server runs in a loopback-only network namespace.</param>
/// <param name="Display">A one-line, redacted, shell-quoted rendering for people.</param>
public sealed record McpLaunchPlan(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> EnvironmentNames,
    string WorkingDirectory,
    bool NetworkIsolated,
    string Display);
