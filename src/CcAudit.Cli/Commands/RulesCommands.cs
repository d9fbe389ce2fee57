using System.CommandLine;
using CcAudit.Core.Analysis;
using CcAudit.Cli.Output;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit rules list</c>: the rule catalog (configuration rules, live MCP checks, reach rules).</summary>
internal static class RulesCommands
{
    private static readonly FormatRegistry<IReadOnlyList<RuleMetadata>> Formats = new("rules",
    [
        ReportFormat<IReadOnlyList<RuleMetadata>>.Json(all => all.Select(r => new
        {
            r.Id, r.Title, r.Severity, step = (int)r.Step, stepName = RuleDocs.StepName(r.Step), r.Rationale, r.Remediation, r.HelpUri,
        })),
        ReportFormat<IReadOnlyList<RuleMetadata>>.Text("md", ".md", (all, _) => RuleDocs.Markdown(all)) with { Alias = "markdown" },
    ]);

    public static Command Create(CliContext context)
    {
        var rules = new Command("rules", "The rule catalog.");
        var formats = new FormatOptions<IReadOnlyList<RuleMetadata>>(Formats.With<IReadOnlyList<RuleMetadata>>(context, Render));
        var list = new Command("list", "List every rule with id, severity, audit step and title (md: the text of docs/rules.md).");
        formats.AddTo(list);
        list.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            await destination.WriteAsync(context, AnalyzerRegistry.Rules, cancellationToken);
            return (int)ExitCode.Ok;
        });
        rules.Subcommands.Add(list);
        return rules;
    }

    private static void Render(IAnsiConsole console, IReadOnlyList<RuleMetadata> all)
    {
        var table = new Table().AddColumns("id", "severity", "step", "title");
        foreach (var rule in all)
        {
            table.AddRow(
                Cells.Text(rule.Id), Cells.Text(SeverityText.Of(rule.Severity)),
                Cells.Text($"{(int)rule.Step} {RuleDocs.StepName(rule.Step)}"), Cells.Text(rule.Title));
        }

        console.Write(table);
    }
}
