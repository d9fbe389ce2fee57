using System.CommandLine;

namespace CcAudit.Cli;

/// <summary>Every verb of ccaudit, one factory per area under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Commands.VersionCommand.Create(context);
        foreach (var command in Commands.ReachCommands.Create(context))
        {
            yield return command;
        }
    }
}
