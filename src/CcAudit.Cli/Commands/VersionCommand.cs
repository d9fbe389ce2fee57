using System.CommandLine;
using System.Reflection;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit version</c>: the tool version and the Claude Code version its semantics follow.</summary>
internal static class VersionCommand
{
    public const string ClaudeCodeVersion = "2.1.328";

    public static Command Create(CliContext context)
    {
        var command = new Command("version", "Print the ccaudit version and the Claude Code version it models.");
        command.SetAction(_ =>
        {
            var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
            context.Out.WriteLine($"ccaudit {version.Split('+')[0]} (models Claude Code {ClaudeCodeVersion})");
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
