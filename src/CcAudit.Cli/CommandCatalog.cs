using System.CommandLine;

namespace CcAudit.Cli;

/// <summary>Every verb of ccaudit, one factory per area under Commands/.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        yield return Commands.ScanCommand.Create(context);
        yield return Commands.ActivityCommand.Create(context);
        yield return Commands.CheckCommand.Create(context);
        yield return Commands.FleetCommands.Create(context);
        yield return Commands.PermissionsCommands.Create(context);
        yield return Commands.SettingsCommands.Create(context);
        yield return Commands.RulesCommands.Create(context);
        yield return Commands.VersionCommand.Create(context);
        yield return Commands.CompletionCommand.Create(context);
        yield return Commands.McpCommands.Create(context);
        yield return Commands.RedTeamCommands.Create(context);
        yield return Commands.PolicyCommands.Create(context);
        yield return Commands.MonitorCommands.Create(context);
        foreach (var command in Commands.StoreCommands.Create(context))
        {
            yield return command;
        }
        foreach (var command in Commands.ReachCommands.Create(context))
        {
            yield return command;
        }
    }
}
