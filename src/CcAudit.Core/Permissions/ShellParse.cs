namespace CcAudit.Core.Permissions;

/// <summary>The simple commands of a command line, and whether the line could be parsed at all.</summary>
public sealed record ShellParse(IReadOnlyList<ShellCommand> Commands, bool Unparsable);
