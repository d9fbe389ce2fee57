namespace CcAudit.Core.Permissions;

/// <summary>One simple command of a shell command line: its words (quotes removed) and what makes it hard to judge statically.</summary>
/// <param name="Words">The words, quotes and escapes resolved.</param>
/// <param name="Text">The words re-joined with single spaces: what permission patterns are matched against.</param>
/// <param name="WriteTargets">Files written by redirections (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>2&gt;</c>, <c>&amp;&gt;</c>), except <c>/dev/null</c>.</param>
/// <param name="HasSubstitution">Contains <c>$(…)</c>, backticks or process substitution: its effect cannot be checked before it runs.</param>
/// <param name="HasVariable">Contains an unquoted or double-quoted <c>$VAR</c>, which cannot be resolved statically.</param>
public sealed record ShellCommand(IReadOnlyList<string> Words, string Text, IReadOnlyList<string> WriteTargets, bool HasSubstitution, bool HasVariable)
{
    /// <summary>The simple command as typed (quotes, escapes, assignments and redirections kept): rules are also matched against it.</summary>
    public string Raw { get; init; } = Text;
}
