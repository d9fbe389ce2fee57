using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>One hook handler from a settings file (claude-code-surface.md §5.2). Recorded, never run.</summary>
/// <param name="Event">The hook event, e.g. <c>PreToolUse</c>.</param>
/// <param name="Matcher">The matcher, or null for all.</param>
/// <param name="Type">command, http, prompt, agent or mcp_tool.</param>
/// <param name="Command">The command line (command hooks), URL (http hooks), or tool (mcp_tool hooks).</param>
/// <param name="Source">The tier.</param>
/// <param name="Location">Where the handler stands.</param>
public sealed record HookEntry(string Event, string? Matcher, string Type, string? Command, SettingsSource Source, SourceLocation Location);
