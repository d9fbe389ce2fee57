using CcAudit.Core.Common;

namespace CcAudit.Core.Activity;

/// <summary>How a tool call was authorised, from the tool result's <c>permissionDecision</c> and <c>toolDenialKind</c>.</summary>
internal enum DecisionKind
{
    AllowedByRule,
    AllowedByMode,
    AllowedByClassifier,
    AllowedByHook,
    AllowedByPerson,
    DeniedByRule,
    DeniedByHook,
    AskedNoApprover,
    RejectedByPerson,
    Interrupted,
}

/// <summary>A usage record as ccusage accepts it. <paramref name="Key"/> is message id + request id, null when either is missing.</summary>
internal sealed record UsageEvent(string? Key, DateOnly Day, string? Model, TokenCounts Tokens, double? CostUsd, string? Session, string? Cwd, DateTimeOffset At)
{
    /// <summary>The API response's message id alone: one response split over several lines repeats it (and its usage).</summary>
    public string? MessageId { get; init; }
}

/// <summary>A <c>tool_use</c> block with what its input says (command class, file, domain, MCP server).</summary>
internal sealed record ToolUseEvent(string? Id, string Name, string? Session, string? Cwd, DateTimeOffset? At)
{
    public CommandClass? Command { get; init; }

    public string? FilePath { get; init; }

    public bool Writes { get; init; }

    public IReadOnlyList<string> Domains { get; init; } = [];

    public string? McpServer { get; init; }

    public string? McpTool { get; init; }

    /// <summary>The transcript line (1-based) of the assistant record that holds the block.</summary>
    public int Line { get; init; }
}

/// <summary>
/// A <c>tool_result</c> block: the line it is on, whether it is an error, whether its text is a rejection, and the record's
/// decision (<c>permissionDecision</c>/<c>toolDenialKind</c>) with who or what made it (<paramref name="Authority"/>).
/// </summary>
internal sealed record ToolResultEvent(
    string ToolUseId, int Line, bool IsError, bool RejectionText, DecisionKind? Decision, string? Authority);

internal sealed record DecisionEvent(string? Uuid, DecisionKind Kind, string? ToolUseId, string? Session, string? Cwd, DateTimeOffset? At);

internal sealed record PromptEvent(string? Uuid, string? Session, string? Cwd, DateTimeOffset? At);

internal sealed record SecretEvent(string? Uuid, string Kind, string Redacted, string Fingerprint, string Tool, string? Session);

internal sealed record FileHistoryEvent(string Path, string? Session);

/// <summary>What one session's records say about it (a session may span files: subagents, resumes).</summary>
internal sealed class SessionFacts(string id)
{
    public string Id { get; } = id;

    public string? Cwd { get; set; }

    public string? EntryPoint { get; set; }

    public HashSet<string> Versions { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Modes { get; } = new(StringComparer.Ordinal);

    /// <summary>Working directories beside the launch directory, from the session's <c>environment</c> attachments.</summary>
    public HashSet<string> AdditionalDirectories { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset? First { get; set; }

    public DateTimeOffset? Last { get; set; }

    /// <summary>Claude Code's running total from <c>cost-state</c> records; the largest one seen is the session's cost.</summary>
    public double? CostState { get; set; }

    public void Seen(DateTimeOffset at)
    {
        First = First is null || at < First ? at : First;
        Last = Last is null || at > Last ? at : Last;
    }

    public void MergeFrom(SessionFacts other)
    {
        Cwd ??= other.Cwd;
        EntryPoint ??= other.EntryPoint;
        Versions.UnionWith(other.Versions);
        Modes.UnionWith(other.Modes);
        if (other.First is { } first)
        {
            Seen(first);
        }

        if (other.Last is { } last)
        {
            Seen(last);
        }

        CostState = other.CostState is { } c && (CostState is null || c > CostState) ? c : CostState;
    }
}

/// <summary>Everything one transcript file contributed, collected on a worker thread and merged in ccusage's file order.</summary>
internal sealed class TranscriptFacts(string path)
{
    public string Path { get; } = path;

    /// <summary>The earliest timestamp in the file: ccusage processes files in this order, so first-wins deduplication agrees.</summary>
    public DateTimeOffset? Earliest { get; set; }

    public List<UsageEvent> Usage { get; } = [];

    public List<ToolUseEvent> ToolUses { get; } = [];

    public List<DecisionEvent> Decisions { get; } = [];

    public List<ToolResultEvent> Results { get; } = [];

    public List<PromptEvent> Prompts { get; } = [];

    public List<SecretEvent> Secrets { get; } = [];

    public List<FileHistoryEvent> FileHistory { get; } = [];

    public Dictionary<string, SessionFacts> Sessions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> UnknownTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>"type.field" of records of a known type carrying a field the known format does not have (the first such field per line).</summary>
    public Dictionary<string, int> UnknownFields { get; } = new(StringComparer.Ordinal);

    public List<Diagnostic> Diagnostics { get; } = [];
}
