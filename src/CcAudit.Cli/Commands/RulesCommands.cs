using System.CommandLine;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit rules list</c>: the rule catalog (configuration rules, live MCP checks, reach rules).</summary>
internal static class RulesCommands
{
    public static Command Create(CliContext context)
    {
        var rules = new Command("rules", "The rule catalog.");
        var format = new Option<string>("--format") { Description = "console, json or md (the text of docs/rules.md).", DefaultValueFactory = _ => "console" };
        var list = new Command("list", "List every rule with id, severity, audit step and title.") { format };
        list.SetAction(async (parse, cancellationToken) =>
        {
            var all = AllRuleMetadata.Get().OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
            switch (parse.GetValue(format))
            {
                case "json":
                    await context.Out.WriteLineAsync(JsonSerializer.Serialize(all.Select(r => new { r.Id, r.Title, r.Severity, step = (int)r.Step, stepName = RuleDocs.StepName(r.Step), r.Rationale, r.Remediation, r.HelpUri }), AuditJson.Options).AsMemory(), cancellationToken);
                    break;
                case "md":
                    await context.Out.WriteAsync(RuleDocs.Markdown(all).AsMemory(), cancellationToken);
                    break;
                case "console":
                    var table = new Table().AddColumns("id", "severity", "step", "title");
                    foreach (var rule in all)
                    {
                        table.AddRow(Cells.Text(rule.Id), Cells.Text(rule.Severity.ToString().ToLowerInvariant()), Cells.Text($"{(int)rule.Step} {RuleDocs.StepName(rule.Step)}"), Cells.Text(rule.Title));
                    }

                    context.OutConsole.Write(table);
                    break;
                default:
                    throw new UsageException($"unknown format '{parse.GetValue(format)}' (console, json, md)");
            }

            return (int)ExitCode.Ok;
        });
        rules.Subcommands.Add(list);
        return rules;
    }
}
