using CcAudit.Core.Common;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Everything known about one launch directory, for the engines that interpret it (permissions, rules, reach): the
/// settings documents per tier, the effective settings, the MCP servers visible from it and whether each would load.
/// </summary>
public sealed record LaunchContext(
    ClaudeHome Home,
    string Path,
    string? GitRoot,
    bool Trusted,
    EffectiveSettings Settings,
    IReadOnlyList<McpServerConfig> McpServers,
    IReadOnlyList<McpLoadDecision> McpDecisions,
    JsonFile? GlobalConfig)
{
    /// <summary>Committed instruction, agent, skill, command and hook files seen from this directory, with their text.</summary>
    public IReadOnlyList<CustomizationFile> Customizations { get; init; } = [];
}
