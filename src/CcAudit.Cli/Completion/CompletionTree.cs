using System.CommandLine;
using System.Text.RegularExpressions;

namespace CcAudit.Cli.Completion;

/// <summary>One word a shell may offer, with the help text shown beside it where the shell can.</summary>
internal sealed record CompletionWord(string Word, string Description);

/// <summary>A command reachable from the root: its path (<c>""</c> for the root, <c>"mcp inspect"</c>) and what may follow.</summary>
internal sealed record CompletionNode(string Path, IReadOnlyList<CompletionWord> Subcommands, IReadOnlyList<CompletionWord> Options)
{
    public IEnumerable<string> Words => Subcommands.Concat(Options).Select(w => w.Word);
}

/// <summary>
/// The command tree flattened for completion scripts, read from the same <see cref="RootCommand"/> that parses, so a new
/// verb or option is completed without touching the scripts.
/// </summary>
internal static partial class CompletionTree
{
    public static IReadOnlyList<CompletionNode> From(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var nodes = new List<CompletionNode>();
        Walk(root, "", [], nodes);
        return nodes;
    }

    private static void Walk(Command command, string path, IReadOnlyList<Option> inherited, List<CompletionNode> nodes)
    {
        var subcommands = command.Subcommands.Where(c => !c.Hidden)
            .SelectMany(c => Names(c.Name, c.Aliases).Select(n => new CompletionWord(n, HelpText.Summary(c.Description))))
            .ToList();
        var options = command.Options.Concat(inherited).Where(o => !o.Hidden)
            .SelectMany(o => Names(o.Name, o.Aliases).Select(n => new CompletionWord(n, HelpText.Summary(o.Description))))
            .DistinctBy(w => w.Word, StringComparer.Ordinal)
            .OrderBy(w => w.Word, StringComparer.Ordinal)
            .ToList();
        nodes.Add(new CompletionNode(path, subcommands, options));
        IReadOnlyList<Option> recursive = [.. inherited, .. command.Options.Where(o => o.Recursive)];
        foreach (var child in command.Subcommands.Where(c => !c.Hidden && SafeWord().IsMatch(c.Name)))
        {
            Walk(child, path.Length == 0 ? child.Name : $"{path} {child.Name}", recursive, nodes);
        }
    }

    // Only plain words reach a script unquoted; anything else could change the script's meaning, so it is not offered.
    private static IEnumerable<string> Names(string name, IEnumerable<string> aliases) =>
        new[] { name }.Concat(aliases).Where(n => SafeWord().IsMatch(n)).Distinct(StringComparer.Ordinal);

    [GeneratedRegex("^-{0,2}[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SafeWord();
}
