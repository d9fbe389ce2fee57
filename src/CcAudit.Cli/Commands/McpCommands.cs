using System.CommandLine;
using CcAudit.Cli.Output;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp;
using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Mcp.Inspection;
using CcAudit.Core.Mcp.Pins;
using CcAudit.Core.Rules;
using CcAudit.Core.Store;
using Spectre.Console;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit mcp inspect</c> and <c>ccaudit mcp pin</c>: MCP servers as their own trust surface.</summary>
internal static class McpCommands
{
    private static readonly JsonSerializerOptions JsonOptions = AuditJson.Options;

    /// <summary>What <c>mcp inspect --connect</c> reports: every inspection and the findings of the MCP analyzers.</summary>
    private sealed record InspectResult(IReadOnlyList<McpInspection> Inspections, IReadOnlyList<Finding> Findings);

    private static readonly FormatRegistry<InspectResult> InspectFormats = new("mcp inspection",
        [ReportFormat<InspectResult>.Json(r => new { inspections = r.Inspections.Select(ToJson), findings = r.Findings }, JsonOptions)]);

    public static Command Create(CliContext context)
    {
        var mcp = new Command("mcp", "MCP servers: live inspection (opt-in), poisoning checks and rug-pull pins.");
        mcp.Subcommands.Add(List(context));
        mcp.Subcommands.Add(Inspect(context));
        mcp.Subcommands.Add(Pin(context));
        return mcp;
    }

    /// <summary>One configured server as seen from one launch directory, as <c>mcp list</c> reports it.</summary>
    private sealed record McpListRow(
        string Name, string Scope, string? Plugin, string LaunchDirectory, string File, string Transport, string Target,
        IReadOnlyList<string> Tokens, string Loads, string Why);

    private static Command List(CliContext context)
    {
        var binder = new ScanOptionsBinder();
        var formats = new FormatOptions<IReadOnlyList<McpListRow>>(
            new FormatRegistry<IReadOnlyList<McpListRow>>("mcp servers", [ReportFormat<IReadOnlyList<McpListRow>>.Json(rows => rows)])
                .With<IReadOnlyList<McpListRow>>(context, RenderList));
        var command = new Command("list", "Every configured MCP server across all scopes (managed, enterprise, user, local, project, plugin) with file, transport, command or URL, tokens held (redacted) and whether Claude Code would load it in each launch directory. Starts nothing.");
        binder.AddTo(command);
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);
            var options = binder.Bind(parse, context);
            var scan = Core.Discovery.InventoryScanner.Scan(options);
            (options.Progress as TerminalProgress)?.Clear();
            // A home's own servers are listed even when no launch directory was recorded, with the same decision scan reports.
            var seen = scan.Launches.SelectMany(l => l.McpDecisions).Select(d => d.Server.Location).ToHashSet();
            IReadOnlyList<McpListRow> rows =
            [
                .. scan.Launches.SelectMany(l => l.McpDecisions.Select(d => Row(l.Path, d))),
                .. scan.Homes.SelectMany(h => h.McpDecisions.Where(d => !seen.Contains(d.Server.Location)).Select(d => Row("(no launch directory recorded)", d))),
            ];
            await destination.WriteAsync(context, rows, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static McpListRow Row(string launch, McpLoadDecision decision) => new(
        decision.Server.Name, decision.Server.Scope.ToString().ToLowerInvariant(), decision.Server.Plugin, launch, decision.Server.Location.ToString(),
        decision.Server.Transport.ToString().ToLowerInvariant(), McpTokenExtractor.Display(decision.Server),
        [.. McpTokenExtractor.Extract(decision.Server).Select(t => $"{t.Where} {t.Name}: {t.Value}")], decision.State.ToString(), decision.Reason);

    private static void RenderList(IAnsiConsole console, IReadOnlyList<McpListRow> rows)
    {
        var table = new Table().AddColumns("server", "scope", "launch directory", "transport", "command / URL", "tokens", "loads", "why");
        foreach (var row in rows)
        {
            table.AddRow(Cells.Text(row.Name), Cells.Text(row.Plugin is null ? row.Scope : $"{row.Scope} {row.Plugin}"), Cells.Text(row.LaunchDirectory), Cells.Text(row.Transport),
                Cells.Text(row.Target), Cells.Text(string.Join("\n", row.Tokens)), Cells.Text(row.Loads), Cells.Text(row.Why));
        }

        console.Write(table);
    }

    private static Command Inspect(CliContext context)
    {
        var names = new Argument<string[]>("name") { Description = "Servers to inspect (default: all).", Arity = ArgumentArity.ZeroOrMore };
        var configs = new Option<string[]>("--config") { Description = "A file with mcpServers (.mcp.json, ~/.claude.json, managed-mcp.json, --mcp-config file). Repeatable. Without it: every server the scan finds that would load somewhere.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var binder = new ScanOptionsBinder();
        var connect = new Option<bool>("--connect") { Description = "Actually start / connect to the servers. Without it nothing runs; the launch plan is printed." };
        var identifyAs = new Option<string?>("--identify-as") { Description = "Connect a second time under this client name and report tools that differ (bait and switch)." };
        var allowNetwork = new Option<bool>("--allow-network") { Description = "Run stdio servers with the machine's network instead of a loopback-only namespace." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds for a server to start; each request gets the same.", DefaultValueFactory = _ => 20 };
        var formats = new FormatOptions<InspectResult>(InspectFormats.With<InspectResult>(context, (console, r) => Render(console, r.Inspections, r.Findings)));
        var store = StoreOption();
        var command = new Command("inspect", "Connect to configured MCP servers (opt-in) and list tools, prompts, resources and instructions.")
        {
            names, configs, connect, identifyAs, allowNetwork, timeout, store,
        };
        binder.AddTo(command);
        formats.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var destination = formats.Bind(parse);

            var (servers, diagnostics) = LoadServers(parse.GetValue(configs) ?? [], parse.GetValue(names) ?? [], () => Discover(binder, parse, context));
            foreach (var diagnostic in diagnostics)
            {
                await context.Error.WriteLineAsync(diagnostic.ToString());
            }

            var seconds = TimeSpan.FromSeconds(Math.Max(1, parse.GetValue(timeout)));
            var options = new McpInspectionOptions { AllowNetwork = parse.GetValue(allowNetwork), StartTimeout = seconds, RequestTimeout = seconds };
            var inspector = new McpServerInspector(options);
            if (!parse.GetValue(connect))
            {
                await context.Out.WriteLineAsync($"{servers.Count} server(s) would be inspected. Nothing was started: pass --connect to run them.");
                foreach (var server in servers)
                {
                    var plan = inspector.PlanLaunch(server, "<throwaway dir>");
                    await context.Out.WriteLineAsync(server.Transport == McpTransport.Stdio
                        ? $"  {server.Name} ({server.Scope.ToString().ToLowerInvariant()}): would run {plan?.Value?.Display ?? "nothing: " + plan?.Diagnostics[0].Message}"
                        : $"  {server.Name} ({server.Scope.ToString().ToLowerInvariant()}): would connect to {RedactUrl(server.Url)} over {server.Transport.ToString().ToLowerInvariant()}");
                }

                return (int)ExitCode.Ok;
            }

            await using var pinStore = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var pins = new McpPinTracker(pinStore, TimeProvider.System);
            var inspections = new List<McpInspection>();
            var findings = new List<Finding>();
            foreach (var server in servers)
            {
                var inspection = await inspector.InspectAsync(server, plan => context.Error.WriteLine($"ccaudit: executing for '{server.Name}': {plan.Display}"), cancellationToken);
                inspections.Add(inspection);
                var changes = await pins.RecordAsync(inspection, cancellationToken);
                McpInspection? second = null;
                if (parse.GetValue(identifyAs) is { Length: > 0 } other && inspection.Connected)
                {
                    second = await new McpServerInspector(options with { ClientName = other }).InspectAsync(server, plan => context.Error.WriteLine($"ccaudit: executing for '{server.Name}' as '{other}': {plan.Display}"), cancellationToken);
                }

                findings.AddRange(McpBehaviourChecks.Instance.Analyze(new McpBehaviourEvidence(inspection, changes, second)));
            }

            findings.AddRange(McpContentAnalyzer.Analyze(inspections));
            await destination.WriteAsync(context, new InspectResult(inspections, findings), cancellationToken);

            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static Command Pin(CliContext context)
    {
        var names = new Argument<string[]>("name") { Description = "Servers whose current tools become the accepted state.", Arity = ArgumentArity.OneOrMore };
        var accept = new Option<bool>("--accept") { Description = "Accept what the last inspection saw." };
        var configs = new Option<string[]>("--config") { Description = "Config files naming the servers (as for inspect; without it, the servers the scan finds).", Arity = ArgumentArity.OneOrMore };
        var store = StoreOption();
        var binder = new ScanOptionsBinder();
        var command = new Command("pin", "Accept the current state of MCP servers' tools after review (clears rug-pull findings).") { names, accept, configs, store };
        binder.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!parse.GetValue(accept))
            {
                throw new UsageException("nothing to do: pass --accept to accept the servers' current tools");
            }

            var (servers, _) = LoadServers(parse.GetValue(configs) ?? [], parse.GetValue(names) ?? [], () => Discover(binder, parse, context));
            await using var pinStore = await StoreLocator.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var tracker = new McpPinTracker(pinStore, TimeProvider.System);
            var missing = 0;
            foreach (var server in servers)
            {
                var key = McpPinKey.For(server);
                if (await tracker.AcceptAsync(key, cancellationToken))
                {
                    await context.Out.WriteLineAsync($"accepted {key}");
                }
                else
                {
                    missing++;
                    await context.Error.WriteLineAsync($"ccaudit: {key} was never inspected; run `ccaudit mcp inspect {server.Name} --connect` first");
                }
            }

            return missing == 0 && servers.Count > 0 ? (int)ExitCode.Ok : (int)ExitCode.Failure;
        });
        return command;
    }

    private static Option<string?> StoreOption() => StoreCommands.StoreOption();

    /// <summary>The servers <c>scan --connect-mcp</c> would inspect, with the scan's diagnostics.</summary>
    private static (IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) Discover(ScanOptionsBinder binder, ParseResult parse, CliContext context)
    {
        var options = binder.Bind(parse, context);
        var scan = Core.Discovery.InventoryScanner.Scan(options);
        (options.Progress as TerminalProgress)?.Clear();
        return (scan.McpServersToInspect(), scan.Inventory.Diagnostics);
    }

    private static (IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) LoadServers(
        IReadOnlyList<string> configFiles, IReadOnlyList<string> names, Func<(IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics)> discover)
    {
        var servers = new List<McpServerConfig>();
        var diagnostics = new List<Diagnostic>();
        if (configFiles.Count == 0)
        {
            var (found, problems) = discover();
            servers.AddRange(found);
            diagnostics.AddRange(problems);
        }

        foreach (var file in configFiles)
        {
            var (found, problems) = McpConfigFileLoader.Load(file);
            servers.AddRange(found);
            diagnostics.AddRange(problems);
        }

        if (names.Count > 0)
        {
            var unknown = names.Where(n => servers.All(s => s.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                throw new UsageException($"no configured MCP server named {string.Join(", ", unknown)}");
            }

            servers = [.. servers.Where(s => names.Contains(s.Name))];
        }

        return (servers, diagnostics);
    }

    private static string RedactUrl(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url ?? string.Empty;
        }

        return string.IsNullOrEmpty(uri.UserInfo) && string.IsNullOrEmpty(uri.Query)
            ? uri.ToString()
            : $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.AbsolutePath}" + (uri.Query.Length > 1 ? "?" + Redaction.Redact(uri.Query[1..]).Display : string.Empty);
    }

    private static object ToJson(McpInspection i) => new
    {
        server = i.Server.Name,
        scope = i.Server.Scope.ToString().ToLowerInvariant(),
        file = i.Server.Location.ToString(),
        transport = i.Server.Transport.ToString().ToLowerInvariant(),
        status = i.Status.ToString(),
        error = i.Error,
        clientName = i.ClientName,
        serverInfo = new { name = i.ServerName, version = i.ServerVersion },
        instructions = i.Instructions,
        tools = i.Tools,
        prompts = i.Prompts,
        resources = i.Resources,
        elapsedMs = (long)i.Elapsed.TotalMilliseconds,
        executed = i.Plan?.Display,
    };

    private static void Render(IAnsiConsole console, IReadOnlyList<McpInspection> inspections, IReadOnlyList<Finding> findings)
    {
        foreach (var inspection in inspections)
        {
            // Everything below came from the server: Text renders it literally, so a name like "[red]" is not markup.
            console.Write(new Rule(Markup.Escape($"{inspection.Server.Name} ({inspection.Server.Scope.ToString().ToLowerInvariant()}, {inspection.Server.Transport.ToString().ToLowerInvariant()}): {inspection.Status}")));
            if (!inspection.Connected)
            {
                console.Write(Cells.Text($"  {inspection.Error}\n"));
                continue;
            }

            var table = new Table().AddColumn("tool").AddColumn("description");
            foreach (var tool in inspection.Tools)
            {
                var description = InvisibleText.Scan(tool.Description ?? string.Empty).Visible;
                table.AddRow(Cells.Text(tool.Name), Cells.Text(description.Length > 160 ? description[..160] + "…" : description));
            }

            console.Write(table);
            console.Write(Cells.Text($"  {inspection.Prompts.Count} prompt(s), {inspection.Resources.Count} resource(s); server {inspection.ServerName} {inspection.ServerVersion}\n"));
        }

        console.Write(new Rule($"{findings.Count} finding(s)"));
        foreach (var finding in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal))
        {
            console.Write(Cells.Text($"{finding.Severity.ToString().ToUpperInvariant(),-8} {finding.RuleId} {InvisibleText.Scan(finding.Message).Visible}\n"));
        }
    }
}
