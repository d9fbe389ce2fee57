namespace CcAudit.Core.Activity;

/// <summary>
/// What Claude Code did on a machine, in numbers, from its transcripts: the activity part of every audit and snapshot.
/// Tokens count each assistant message once (message id + request id), as ccusage does.
/// </summary>
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
}
