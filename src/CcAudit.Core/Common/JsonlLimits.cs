namespace CcAudit.Core.Common;

/// <summary>
/// The one line cap of every JSONL reader (history, transcripts, MCP logs, and the launch directories Discovery takes
/// from them): a line is either read by all of them or skipped by all of them with a diagnostic.
/// </summary>
public static class JsonlLimits
{
    /// <summary>Transcript lines holding a pasted file or a tool result run to megabytes; 64 MiB bounds memory per line.</summary>
    public const int MaxLineBytes = 64 * 1024 * 1024;
}
