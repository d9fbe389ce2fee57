namespace CcAudit.Core.Mcp.Inspection;

/// <summary>Limits for a live inspection. Defaults suit an interactive audit; tests shorten them.</summary>
public sealed record McpInspectionOptions
{
    /// <summary>The client name sent in <c>initialize</c>; Claude Code sends <c>claude-code</c>.</summary>
    public string ClientName { get; init; } = "claude-code";

    public string ClientVersion { get; init; } = "2.1.328";

    /// <summary>Time allowed for the process to start and answer <c>initialize</c>.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time allowed for each list request.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of stdout a stdio server may write before its output is cut.</summary>
    public long MaxOutputBytes { get; init; } = 8L * 1024 * 1024;

    /// <summary>Bytes of stderr kept for the report.</summary>
    public int MaxStderrChars { get; init; } = 4096;

    /// <summary>When false (the default), stdio servers run in a loopback-only network namespace.</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Where to find <c>unshare</c>; tests point it elsewhere to prove the refusal path.</summary>
    public string UnsharePath { get; init; } = "/usr/bin/unshare";

    /// <summary>The PATH given to stdio servers (the only inherited variable besides those the config names).</summary>
    public string? SearchPath { get; init; }
}
