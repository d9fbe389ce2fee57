namespace CcAudit.Core.Mcp.Pins;

/// <summary>
/// The pins of one server: what a person accepted and what the last inspection saw. Inspections never move
/// <see cref="Accepted"/>; only <c>ccaudit mcp pin --accept</c> does, so a rug pull keeps showing until someone looks.
/// </summary>
/// <param name="ServerKey">Identity of the configured server (<see cref="McpPinKey"/>).</param>
/// <param name="Accepted">The accepted tools.</param>
/// <param name="AcceptedAt">When they were accepted.</param>
/// <param name="LastSeen">The tools of the latest inspection.</param>
/// <param name="LastSeenAt">When that inspection ran.</param>
public sealed record McpPinSet(string ServerKey, IReadOnlyList<McpToolPin> Accepted, DateTimeOffset AcceptedAt, IReadOnlyList<McpToolPin> LastSeen, DateTimeOffset LastSeenAt);
