namespace CcAudit.Core.Activity;

/// <summary>
/// What Claude Code did, from its transcripts: the activity part of every audit, snapshot and <c>ccaudit activity</c>
/// report. Tokens follow ccusage's rule (a usage record counts once per message id + request id; records without both
/// count every time), so daily totals equal <c>ccusage daily</c> on the same files. Never holds a secret value.
/// </summary>
/// <remarks>The positional members are the summary stored in older snapshots; the detail lists default to empty so those still load.</remarks>
public sealed record ActivitySummary(
    int Transcripts,
    int Sessions,
    int Prompts,
    int ToolCalls,
    IReadOnlyDictionary<string, int> ToolCallsByTool,
    int Denials,
    int BypassSessions,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheCreationTokens,
    DateTimeOffset? FirstActivity,
    DateTimeOffset? LastActivity)
{
    public static ActivitySummary Empty { get; } = new(0, 0, 0, 0, new Dictionary<string, int>(), 0, 0, 0, 0, 0, 0, null, null);

    /// <summary>USD: Claude Code's own <c>cost-state</c> per session, or <c>costUSD</c> of older usage records.</summary>
    public double CostUsd { get; init; }

    public IReadOnlyList<LaunchDirectoryActivity> LaunchDirectories { get; init; } = [];

    public IReadOnlyList<DayActivity> Days { get; init; } = [];

    public IReadOnlyList<NamedCount> EntryPoints { get; init; } = [];

    public IReadOnlyList<NamedCount> Versions { get; init; } = [];

    public IReadOnlyList<ModelActivity> Models { get; init; } = [];

    public IReadOnlyList<CommandActivity> Commands { get; init; } = [];

    public IReadOnlyList<FileTouch> Files { get; init; } = [];

    public IReadOnlyList<DomainActivity> Domains { get; init; } = [];

    public IReadOnlyList<McpToolActivity> McpCalls { get; init; } = [];

    public PermissionEvidence Permissions { get; init; } = PermissionEvidence.None;

    public IReadOnlyList<ExposedSecret> SecretsInToolResults { get; init; } = [];

    public IReadOnlyList<WeeklyBaseline> Baselines { get; init; } = [];

    public IReadOnlyList<ActivityAnomaly> Anomalies { get; init; } = [];

    /// <summary>Typed prompts per project from <c>history.jsonl</c>, which outlives the transcripts (no retention sweep).</summary>
    public IReadOnlyList<HistoryActivity> History { get; init; } = [];

    /// <summary>Sessions registered as running in <c>sessions/&lt;pid&gt;.json</c> when the audit read them (read, never contacted).</summary>
    public IReadOnlyList<LiveSession> LiveSessions { get; init; } = [];

    /// <summary>MCP connection logs per server, from <c>~/.cache/claude-cli-nodejs/*/mcp-logs-&lt;server&gt;/</c>.</summary>
    public IReadOnlyList<McpLogActivity> McpLogs { get; init; } = [];

    /// <summary>Record types this version does not know, with how many lines had each: tolerated, not read.</summary>
    public IReadOnlyList<NamedCount> UnknownRecordTypes { get; init; } = [];

    /// <summary>"type.field": records of a known type with a top-level field the 2.1.328 format does not have, counted per line.</summary>
    public IReadOnlyList<NamedCount> UnknownFields { get; init; } = [];

    /// <summary>Tool calls that sent data out, read a secret or destroyed data, each with its transcript line and whether it ran.</summary>
    public IReadOnlyList<ToolCallEvidence> Evidence { get; init; } = [];
}

/// <summary>Input, output, cache-read and cache-creation tokens.</summary>
public sealed record TokenCounts(long Input, long Output, long CacheRead, long CacheCreation)
{
    public static TokenCounts Zero { get; } = new(0, 0, 0, 0);

    public long Total => Input + Output + CacheRead + CacheCreation;

    public TokenCounts Add(TokenCounts other) => new(Input + other.Input, Output + other.Output, CacheRead + other.CacheRead, CacheCreation + other.CacheCreation);
}

/// <summary>A name and how often it was seen (entry points, versions, tools, unknown record types).</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>Sessions started in one launch directory (the <c>cwd</c> recorded in the transcript).</summary>
public sealed record LaunchDirectoryActivity(string Directory, int Sessions, int Prompts, int ToolCalls, int Denials, TokenCounts Tokens, double CostUsd, DateTimeOffset? FirstActivity, DateTimeOffset? LastActivity)
{
    /// <summary>Working directories its sessions had beside it (<c>--add-dir</c>, <c>/add-dir</c>, settings), from their environment attachments.</summary>
    public IReadOnlyList<string> AddedDirectories { get; init; } = [];

    /// <summary>The added directories per launch directory; one directory recorded by two homes gets the union.</summary>
    public static Dictionary<string, IReadOnlyList<string>> AddedByDirectory(IEnumerable<LaunchDirectoryActivity> launches) =>
        launches.GroupBy(d => d.Directory, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.SelectMany(d => d.AddedDirectories).Distinct(StringComparer.Ordinal)], StringComparer.Ordinal);

    /// <summary>Permission modes its sessions ran in (<c>permission-mode</c> records: bypassPermissions, acceptEdits …).</summary>
    public IReadOnlyList<string> Modes { get; init; } = [];
}

/// <summary>One UTC day (ccusage's day when run with TZ=UTC).</summary>
public sealed record DayActivity(DateOnly Date, int Sessions, int Prompts, int ToolCalls, TokenCounts Tokens, double CostUsd);

/// <summary>Tokens per model as ccusage names it (<c>-fast</c> appended for fast-mode usage).</summary>
public sealed record ModelActivity(string Model, int Messages, TokenCounts Tokens);

/// <summary>
/// One distinct Bash command (normalised: whitespace collapsed, secrets redacted) and what it does. <paramref name="Count"/>
/// is how often Claude Code asked to run it; <paramref name="Blocked"/> how many of those were denied, rejected,
/// auto-rejected for want of an approver or interrupted before running.
/// </summary>
public sealed record CommandActivity(string Command, IReadOnlyList<string> Categories, IReadOnlyList<string> Hosts, int Count, int Blocked, int Sessions, string LaunchDirectory, DateTimeOffset? FirstSeen)
{
    /// <summary>How many of its calls a person approved at a prompt (approval fatigue: dangerous classes waved through).</summary>
    public int ApprovedByPerson { get; init; }
}

/// <summary>A file Claude Code read or wrote (tool inputs) or backed up before editing (file history).</summary>
public sealed record FileTouch(string Path, int Reads, int Writes, bool InFileHistory, string? Sensitive);

/// <summary>A host reached by WebFetch, or a domain WebSearch was limited to.</summary>
public sealed record DomainActivity(string Tool, string Domain, int Count);

/// <summary>Calls of one MCP tool (<c>mcp__server__tool</c>).</summary>
public sealed record McpToolActivity(string Server, string Tool, int Count);

/// <summary>
/// How tool calls were authorised, from <c>permissionDecision</c>, <c>toolDenialKind</c> and <c>permission-mode</c>
/// records. A prompt is a decision a person made; approval fatigue is prompts per session-hour and the share approved.
/// <paramref name="AskedNoApprover"/> counts calls that would have asked but were rejected because no one could answer
/// (print mode, <c>--permission-prompts none</c>, <c>denyInsteadOfPrompting</c>): no rule denied them and no person saw them.
/// </summary>
public sealed record PermissionEvidence(
    int AllowedByRule,
    int AllowedByMode,
    int AllowedByClassifier,
    int AllowedByHook,
    int AllowedByPerson,
    int DeniedByRule,
    int DeniedByHook,
    int AskedNoApprover,
    int RejectedByPerson,
    int Interrupted,
    IReadOnlyList<NamedCount> SessionsByMode,
    int Prompts,
    double SessionHours,
    double PromptsPerSessionHour,
    double ShareApproved)
{
    public static PermissionEvidence None { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, [], 0, 0, 0, 0);
}

/// <summary>A secret that appeared in tool output Claude Code received (and stored in the transcript), redacted.</summary>
public sealed record ExposedSecret(string Kind, string Redacted, string Fingerprint, string Tool, int Occurrences, int Sessions);

/// <summary>One project-week: the counts the baselines are computed from.</summary>
public sealed record WeeklyBaseline(string LaunchDirectory, string Week, int Sessions, int ToolCalls, int Approvals, int Denials, long Tokens);

/// <summary>Prompts typed in one project, from <c>history.jsonl</c> (the text is never kept).</summary>
public sealed record HistoryActivity(string Project, int Prompts, DateTimeOffset? FirstPrompt, DateTimeOffset? LastPrompt);

/// <summary>One entry of the live-session registry: where Claude Code is (or was, if it crashed) running.</summary>
public sealed record LiveSession(string Cwd, string SessionId, string Pid, string? Kind, string? Entrypoint, string? Version, string? Status, DateTimeOffset? StartedAt);

/// <summary>
/// One MCP server's connection logs: how many log files, the span of their records, the lines that were errors, and the
/// credentials the logs hold (the server's stderr is logged verbatim), redacted.
/// </summary>
public sealed record McpLogActivity(string Server, int Files, int ErrorLines, DateTimeOffset? FirstLog, DateTimeOffset? LastLog, IReadOnlyList<McpLogSecret> Secrets);

/// <summary>A secret found in an MCP server's logs, shown only redacted.</summary>
public sealed record McpLogSecret(string Kind, string Redacted, string Fingerprint, int Occurrences);

/// <summary>A departure from a project's baseline, or a first sighting worth a look.</summary>
public sealed record ActivityAnomaly(string Kind, string LaunchDirectory, string When, string Subject, string Message);
