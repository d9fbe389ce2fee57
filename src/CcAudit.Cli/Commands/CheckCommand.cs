using System.CommandLine;
using CcAudit.Core.Audit;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit check [REPO]</c>: audit what a repository commits; SARIF for code scanning.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var repository = new Argument<string>("repo") { Description = "The repository to check (default: the current directory).", DefaultValueFactory = _ => "." };
        var report = new ReportOptionsBinder(context);
        var baseline = new Option<string[]>("--baseline") { Description = "A suppression file (same format as .ccaudit.yml); repeatable.", Arity = ArgumentArity.OneOrMore };
        var noRepoSuppressions = new Option<bool>("--no-repo-suppressions")
        {
            Description = "Refuse suppressions the repository makes itself (its .ccaudit.yml, a baseline inside it): CI gates on what the repository cannot waive.",
        };
        var command = new Command("check", HelpText.WithExamples(
            "Audit the Claude Code configuration a repository commits (settings, .mcp.json, CLAUDE.md, agents, skills, commands, "
            + "hooks) — for CI and code scanning.",
            "ccaudit check .",
            "ccaudit check . --format sarif --output ccaudit.sarif --no-repo-suppressions --fail-on high",
            "ccaudit check ../service --baseline ccaudit-baseline.yml"))
        {
            repository,
        };
        report.AddTo(command);
        command.Options.Add(baseline);
        command.Options.Add(noRepoSuppressions);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = report.Bind(parse);
            var path = parse.GetValue(repository)!;
            if (!Directory.Exists(path))
            {
                throw new UsageException($"no such directory: {path}");
            }

            ScanOptionsBinder.RequireFiles("--baseline", parse.GetValue(baseline) ?? []);
            var check = RepositoryCheck.Run(path, parse.GetValue(baseline) ?? [], repositorySuppressions: !parse.GetValue(noRepoSuppressions));
            return await output.WriteAsync(context, check, cancellationToken);
        });
        return command;
    }
}
