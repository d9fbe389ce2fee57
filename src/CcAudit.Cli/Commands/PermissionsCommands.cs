using System.CommandLine;
using System.Globalization;
using CcAudit.Cli.Output;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Permissions;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit permissions eval</c> and <c>explain</c>: decisions as Claude Code 2.1.328 would make them.</summary>
internal static class PermissionsCommands
{
    public static Command Create(CliContext context)
    {
        var permissions = new Command("permissions", "Decide tool calls as Claude Code 2.1.328 would: allow, ask or deny, and the rule that decided.");
        permissions.Subcommands.Add(Eval(context));
        permissions.Subcommands.Add(Explain(context));
        permissions.Subcommands.Add(PermissionsOracleCommands.Oracle(context));
        permissions.Subcommands.Add(PermissionsOracleCommands.Generate(context));
        return permissions;
    }

    private static Command Eval(CliContext context)
    {
        var cases = new Option<string>("--cases") { Description = "Permission cases, one JSON object per line (shared/permission-cases/FORMAT.md).", Required = true };
        var output = new Option<string?>("--output") { Description = "Write the answers to this file instead of stdout." };
        var command = new Command("eval", "Answer permission cases: one JSON line per case with id, decision, rule, source and reason.") { cases, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(cases)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"no such file: {path}");
            }

            await using var file = parse.GetValue(output) is { } target ? new StreamWriter(target) : null;
            var writer = file ?? context.Out;
            foreach (var (line, parsed) in PermissionCase.ReadFile(path))
            {
                if (parsed.Value is not { } @case)
                {
                    await context.Error.WriteLineAsync(parsed.Diagnostics[0].ToString());
                    var id = TryId(line);
                    await writer.WriteLineAsync(new JsonObject { ["id"] = id, ["decision"] = null, ["rule"] = null, ["source"] = null, ["reason"] = parsed.Diagnostics[0].Message }.ToJsonString());
                    continue;
                }

                var decision = PermissionEngine.For(@case.Context).Decide(@case.Tool, @case.Input);
                await writer.WriteLineAsync(new JsonObject
                {
                    ["id"] = @case.Id,
                    ["decision"] = decision.Decision.ToString().ToLowerInvariant(),
                    ["rule"] = decision.Rule,
                    ["source"] = decision.Source,
                    ["reason"] = decision.Reason,
                }.ToJsonString());
            }

            return (int)ExitCode.Ok;
        });
        return command;
    }

    /// <summary>One explained decision, as <c>permissions explain</c> reports it.</summary>
    private sealed record Explanation(string Tool, JsonElement Input, PermissionDecision Decision, string Directory, bool Trusted, string Mode);

    private static readonly FormatRegistry<Explanation> ExplainFormats = new("explanation",
    [
        ReportFormat<Explanation>.Text("console", ".txt", (e, _) => ExplainText(e)),
        ReportFormat<Explanation>.Json(e => new { tool = e.Tool, input = e.Input, decision = e.Decision }),
    ]);

    private static Command Explain(CliContext context)
    {
        var call = new Argument<string>("call") { Description = "The tool call: 'Bash(git push origin main)', 'Read(/path)', 'Edit(/path)', 'WebFetch(https://…)', 'mcp__srv__tool'." };
        var cwd = new Option<string>("--cwd") { Description = "The launch directory.", Required = true };
        var home = new Option<string?>("--home") { Description = "The user home (default: yours)." };
        var managed = new Option<string?>("--managed-dir") { Description = "Managed policy directory (default: the OS location)." };
        var mode = ModeOption();
        var formats = new FormatOptions<Explanation>(ExplainFormats);
        var command = new Command("explain", "Explain the decision for one tool call in a launch directory, from the real settings files.") { call, cwd, home, managed, mode };
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            var directory = Path.GetFullPath(parse.GetValue(cwd)!).TrimEnd('/');
            var (tool, input) = ParseCall(parse.GetValue(call)!);
            var homeDir = parse.GetValue(home) is { } h ? Path.GetFullPath(h) : context.GetEnv("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var scan = InventoryScanner.Scan(new ScanOptions([homeDir], false, parse.GetValue(managed), [directory], PathMap.None, context.Environment));
            var launch = scan.Launches.First(l => l.Path == directory);
            var chosenMode = parse.GetValue(mode)!;
            var decision = new PermissionEngine(new PermissionContext(chosenMode, launch.Trusted, homeDir, directory, [], launch.Settings.Documents)).Decide(tool, input);
            await destination.WriteAsync(context, new Explanation(tool, input, decision, directory, launch.Trusted, chosenMode), cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    /// <summary><c>--mode</c>: one of the modes Claude Code accepts; anything else is a usage error.</summary>
    public static Option<string> ModeOption()
    {
        var mode = new Option<string>("--mode") { Description = $"The permission mode: {string.Join(", ", PermissionModes.All)}.", DefaultValueFactory = _ => "default" };
        mode.AcceptOnlyFromAmong([.. PermissionModes.All]);
        return mode;
    }

    private static string ExplainText(Explanation e)
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{e.Decision.Decision.ToString().ToUpperInvariant()}: {e.Tool} {e.Input.GetRawText()}\n");
        text.Append(CultureInfo.InvariantCulture, $"  because {e.Decision.Reason}\n");
        if (e.Decision.Rule is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"  rule {e.Decision.Rule} ({e.Decision.Source} settings, {e.Decision.Location})\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  launch directory {e.Directory} ({(e.Trusted ? "trusted" : "not trusted")}), mode {e.Mode}\n");
        return text.ToString();
    }

    private static (string Tool, JsonElement Input) ParseCall(string call)
    {
        var open = call.IndexOf('(', StringComparison.Ordinal);
        var tool = open > 0 && call.EndsWith(')') ? call[..open] : call;
        var argument = open > 0 && call.EndsWith(')') ? call[(open + 1)..^1] : string.Empty;
        var input = tool switch
        {
            "Bash" => new JsonObject { ["command"] = argument },
            "Read" or "Edit" or "Write" => new JsonObject { ["file_path"] = argument },
            "WebFetch" => new JsonObject { ["url"] = argument, ["prompt"] = "explain" },
            "WebSearch" => new JsonObject { ["query"] = argument },
            _ => new JsonObject(),
        };
        return (tool, JsonSerializer.SerializeToElement(input));
    }

    private static string? TryId(string line)
    {
        try
        {
            return JsonNode.Parse(line)?["id"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
