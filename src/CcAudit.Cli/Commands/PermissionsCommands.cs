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

    private static string Answer(string line, ParseResult<PermissionCase> parsed)
    {
        if (parsed.Value is not { } @case)
        {
            return new JsonObject { ["id"] = TryId(line), ["decision"] = null, ["rule"] = null, ["source"] = null, ["reason"] = parsed.Diagnostics[0].Message }.ToJsonString();
        }

        var decision = PermissionEngine.For(@case.Context).Decide(@case.Tool, @case.Input);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", @case.Id);
            json.WriteString("decision", decision.Decision.ToString().ToLowerInvariant());
            json.WriteString("rule", decision.Rule);
            json.WriteString("source", decision.Source);
            json.WriteString("reason", decision.Reason);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
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

            await using var file = parse.GetValue(output) is { } target ? CliContext.CreateText(target) : null;
            var writer = file ?? context.Out;
            // Cases are parsed and decided a block at a time on every core, then written in input order.
            var numbered = File.ReadLines(path).Select((line, i) => (Line: line, Number: i + 1)).Where(l => !string.IsNullOrWhiteSpace(l.Line));
            foreach (var block in numbered.Chunk(4096))
            {
                var answers = new (string Answer, string? Problem)[block.Length];
                Parallel.For(0, block.Length, i =>
                {
                    var parsed = PermissionCase.Parse(block[i].Line, path, block[i].Number);
                    try
                    {
                        answers[i] = (Answer(block[i].Line, parsed), parsed.Value is null ? parsed.Diagnostics[0].ToString() : null);
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or JsonException)
                    {
                        // One case that cannot be decided is an answer saying so, never the end of the run.
                        var reason = $"case could not be decided: {ex.Message}";
                        answers[i] = (new JsonObject { ["id"] = TryId(block[i].Line), ["decision"] = null, ["reason"] = reason }.ToJsonString(), $"{path}:{block[i].Number}: {reason}");
                    }
                });
                foreach (var (answer, problem) in answers)
                {
                    if (problem is not null)
                    {
                        await context.Error.WriteLineAsync(problem);
                    }

                    await writer.WriteLineAsync(answer);
                }
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
        var machine = new ScanOptionsBinder();
        var mode = ModeOption();
        var formats = new FormatOptions<Explanation>(ExplainFormats);
        var command = new Command("explain", "Explain the decision for one tool call in a launch directory, from the real settings files.") { call, cwd, mode };
        machine.AddTo(command);
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            var directory = Path.GetFullPath(parse.GetValue(cwd)!).TrimEnd('/');
            var (tool, input) = ParseCall(parse.GetValue(call)!);
            // The same inventory scan as `scan`, so --path-map, --managed-dir and --settings give the same effective settings and trust.
            var options = machine.Bind(parse, context, [directory]);
            var launch = InventoryScanner.Scan(options).Launches.First(l => l.Path == directory);
            (options.Progress as TerminalProgress)?.Clear();
            var chosenMode = parse.GetValue(mode)!;
            var engine = new PermissionEngine(new PermissionContext(chosenMode, launch.Trusted, launch.Home.UserHome, directory, [], launch.Settings.Documents));
            var decision = engine.Decide(tool, input);
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
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
