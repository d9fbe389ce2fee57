using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp.Inspection;

/// <summary>What one live connection to one server showed. Every string in it came from the server and is untrusted.</summary>
public sealed record McpInspection(
    McpServerConfig Server,
    string ClientName,
    McpInspectionStatus Status,
    string? Error,
    string? ServerName,
    string? ServerVersion,
    string? Instructions,
    IReadOnlyList<McpToolInfo> Tools,
    IReadOnlyList<McpPromptInfo> Prompts,
    IReadOnlyList<McpResourceInfo> Resources,
    string StderrExcerpt,
    TimeSpan Elapsed,
    McpLaunchPlan? Plan,
    IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Connected => Status == McpInspectionStatus.Connected;
}
