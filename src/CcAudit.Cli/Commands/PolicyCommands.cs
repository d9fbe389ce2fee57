using System.CommandLine;
using CcAudit.Core.RedTeam;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit policy suggest</c>: least-privilege settings from observed workflows and red-team results, proved by replay.</summary>
internal static class PolicyCommands
{
    public static Command Create(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var cwd = new Option<string[]>("--cwd") { Description = "A launch directory to propose for (repeatable). Default: every existing launch directory of the inventory.", Arity = ArgumentArity.ZeroOrMore };
        var format = new Option<string>("--format") { Description = "md (the step-7 document) or json.", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "json");
        var output = new Option<string?>("--output") { Description = "Write the document to this file instead of stdout." };
        var outputDir = new Option<string?>("--output-dir") { Description = "Also write managed-settings.json and, per launch directory, <name>.settings.json and <name>.diff here." };
        var suggest = new Command("suggest", "Propose least-privilege settings per launch directory and as a managed policy, from the workflows the transcripts show and what the red team got through; prove it by replay.");
        binder.AddTo(suggest);
        foreach (var option in new Option[] { cwd, format, output, outputDir })
        {
            suggest.Options.Add(option);
        }

        suggest.SetAction(async (parse, cancellationToken) =>
        {
            var given = parse.GetValue(cwd) ?? [];
            if (given.FirstOrDefault(d => !Directory.Exists(d)) is { } missing)
            {
                await context.Error.WriteLineAsync($"ccaudit: --cwd {missing}: no such directory");
                return (int)ExitCode.Usage;
            }

            var (_, ruleContext, report) = RedTeamRun.Run(binder.Bind(parse, context), new RedTeamRequest(given), cancellationToken);
            var proposal = PolicySuggester.Suggest(ruleContext, report);
            if (parse.GetValue(outputDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                await CliContext.WriteTextAsync(Path.Combine(dir, "managed-settings.json"), proposal.ManagedSettings, cancellationToken);
                foreach (var launch in proposal.Launches)
                {
                    var name = launch.Directory.Trim('/').Replace('/', '-');
                    await CliContext.WriteTextAsync(Path.Combine(dir, name + ".settings.json"), launch.ProjectSettings, cancellationToken);
                    await CliContext.WriteTextAsync(Path.Combine(dir, name + ".diff"), PolicyDocumentWriter.Diff(launch), cancellationToken);
                }

                await context.Error.WriteLineAsync($"ccaudit: managed-settings.json and {proposal.Launches.Count} project proposal(s) written to {dir}");
            }

            var text = parse.GetValue(format) == "json" ? PolicyDocumentWriter.ToJson(proposal) : PolicyDocumentWriter.ToMarkdown(proposal);
            await RedTeamCommands.Write(context, parse.GetValue(output), text, cancellationToken);
            return (int)ExitCode.Ok;
        });
        var policy = new Command("policy", "Audit step 7: the approved-workflow policy.");
        policy.Subcommands.Add(suggest);
        return policy;
    }
}
