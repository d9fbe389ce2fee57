namespace CcAudit.Core.Permissions;

/// <summary>The simple commands of a command line, and whether the line could be parsed at all.</summary>
/// <param name="Commands">The simple commands of the line, in order.</param>
/// <param name="Unparsable">An unclosed quote, substitution or dangling redirection.</param>
/// <param name="Background">A command runs in the background (<c>&amp;</c>).</param>
/// <param name="Subshell">A command runs in a <c>( … )</c> subshell.</param>
/// <param name="Nested">The commands inside <c>$( … )</c>, backticks and process substitutions, which deny and ask rules also see.</param>
public sealed record ShellParse(IReadOnlyList<ShellCommand> Commands, bool Unparsable, bool Background, bool Subshell, IReadOnlyList<ShellCommand> Nested);
