using System.CommandLine;
using CcAudit.Cli.Completion;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit completion SHELL</c>: a completion script generated from the command tree that parses.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new Command("completion", HelpText.WithExamples(
            "Print a shell completion script for every verb and option.",
            "source <(ccaudit completion bash)",
            "ccaudit completion zsh > \"${fpath[1]}/_ccaudit\"",
            "ccaudit completion fish > ~/.config/fish/completions/ccaudit.fish",
            "ccaudit completion pwsh | Out-String | Invoke-Expression"));
        command.Arguments.Add(shell);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var nodes = CompletionTree.From(CliApp.BuildRoot(context));
            await context.Out.WriteAsync(CompletionScripts.For(parse.GetValue(shell)!, nodes).AsMemory(), cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
