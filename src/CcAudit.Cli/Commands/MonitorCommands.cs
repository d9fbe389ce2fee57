using System.CommandLine;
using System.Globalization;
using System.Net;
using CcAudit.Core.Discovery;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Store;
using Microsoft.AspNetCore.Http;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit monitor serve|report|setup|record</c>: Claude Code's own telemetry, received, stored and judged.</summary>
internal static class MonitorCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "Receive Claude Code's OpenTelemetry (OTLP), report on it, and set it up.");
        command.Subcommands.Add(Serve(context));
        command.Subcommands.Add(Report(context));
        command.Subcommands.Add(Setup(context));
        command.Subcommands.Add(Record(context));
        return command;
    }

    private static Command Serve(CliContext context)
    {
        var listen = new Option<string>("--listen") { Description = "OTLP/HTTP address (host:port).", DefaultValueFactory = _ => "127.0.0.1:4318" };
        var grpc = new Option<string>("--grpc-listen") { Description = "OTLP/gRPC address (host:port), or 'none'.", DefaultValueFactory = _ => "127.0.0.1:4317" };
        var socket = new Option<string?>("--unix-socket") { Description = "Also serve OTLP/HTTP on this Unix socket." };
        var store = StoreCommands.StoreOption();
        var token = new Option<string?>("--token") { Description = "Bearer token every request must carry (or $CCAUDIT_MONITOR_TOKEN); required off loopback unless mTLS." };
        var cert = new Option<string?>("--tls-cert") { Description = "PEM server certificate: serve HTTPS." };
        var key = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-cert." };
        var ca = new Option<string?>("--client-ca") { Description = "PEM CA client certificates must chain to (mTLS)." };
        var retention = new Option<int>("--retention-days") { Description = "Delete events older than this (0 keeps all).", DefaultValueFactory = _ => 90 };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Largest request body.", DefaultValueFactory = _ => 8L * 1024 * 1024 };
        var rate = new Option<int>("--rate-limit") { Description = "Requests per second per client address before 429.", DefaultValueFactory = _ => 2000 };
        var queue = new Option<int>("--max-queued-events") { Description = "Events waiting for the store before 503.", DefaultValueFactory = _ => 200_000 };
        var capture = new Option<string?>("--capture") { Description = "Also write every accepted request body to this directory (to see what an exporter sends)." };
        var command = new Command("serve", "Receive OTLP logs, metrics and traces from Claude Code and store every event; serves the dashboard at /.")
        {
            listen, grpc, socket, store, token, cert, key, ca, retention, maxBody, rate, queue, capture,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var grpcText = parse.GetValue(grpc)!;
            var options = new ReceiverOptions(
                Endpoint(parse.GetValue(listen)!),
                grpcText == "none" ? null : Endpoint(grpcText),
                parse.GetValue(socket),
                parse.GetValue(token) ?? context.GetEnv("CCAUDIT_MONITOR_TOKEN"),
                parse.GetValue(cert),
                parse.GetValue(key),
                parse.GetValue(ca),
                MaxBodyBytes: parse.GetValue(maxBody),
                MaxDecodedBytes: Math.Max(64L * 1024 * 1024, parse.GetValue(maxBody)),
                RequestsPerSecond: parse.GetValue(rate),
                MaxQueuedEvents: parse.GetValue(queue),
                RetentionDays: parse.GetValue(retention),
                CaptureDirectory: parse.GetValue(capture));
            if (options.Problem() is { } problem)
            {
                throw new UsageException(problem);
            }

            var where = StoreLocator.Describe(parse.GetValue(store), context.Environment);
            await using var telemetry = await TelemetryStore.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var dashboardStore = parse.GetValue(store);
            async Task Dashboard(Microsoft.AspNetCore.Http.HttpContext http)
            {
                // A second connection: the dashboard reads while the receiver writes (WAL readers do not block the writer).
                await using var reader = await TelemetryStore.OpenAsync(dashboardStore, context.Environment, http.RequestAborted);
                var until = DateTimeOffset.UtcNow;
                var report = await BuildReportAsync(reader, until.AddDays(-28), null, null, http.RequestAborted);
                http.Response.Headers.ContentSecurityPolicy = MonitorDashboard.HeaderPolicy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.ContentType = "text/html; charset=utf-8";
                await http.Response.WriteAsync(MonitorDashboard.Html(report), http.RequestAborted);
            }

            await using (var receiver = await OtlpReceiver.StartAsync(options, telemetry, Dashboard, context.Error, cancellationToken))
            {
                await context.Error.WriteLineAsync($"ccaudit monitor: receiving OTLP on {string.Join(", ", receiver.Addresses)}; storing in {where}");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    await context.Error.WriteLineAsync("ccaudit monitor: shutting down: finishing requests in flight and committing every queued event");
                }
            }

            await context.Error.WriteLineAsync($"ccaudit monitor: stopped; {await telemetry.CountAsync(CancellationToken.None)} events in the store");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static Command Report(CliContext context)
    {
        var store = StoreCommands.StoreOption();
        var since = new Option<string?>("--since") { Description = "First UTC day (YYYY-MM-DD) or a span back from now (7d, 4w)." };
        var until = new Option<string?>("--until") { Description = "Day after the last one included (YYYY-MM-DD)." };
        var format = new Option<string>("--format") { Description = "console, json, md, html (the dashboard), csv or xlsx.", DefaultValueFactory = _ => "console" };
        var output = new Option<string?>("--output") { Description = "Write to this file instead of stdout (required for xlsx)." };
        var csvTable = new Option<string>("--csv-table") { Description = "Table for csv: " + string.Join(", ", MonitorReportWriter.TableNames) + ".", DefaultValueFactory = _ => "findings" };
        var homes = new Option<string[]>("--transcripts") { Description = "Join the transcripts of these Claude config directories (e.g. ~/.claude) on session id.", AllowMultipleArgumentsPerToken = true };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit 1 when a finding is at or above this severity (info, low, medium, high, critical)." };
        var command = new Command("report", "Sessions, tool decisions, prompts, tokens and cost per user, team, host and launch directory; weekly baselines; anomaly and evidence findings.")
        {
            store, since, until, format, output, csvTable, homes, failOn,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(format)!;
            var file = parse.GetValue(output);
            if (!MonitorReportWriter.Formats.Contains(chosen))
            {
                throw new UsageException($"unknown format '{chosen}' ({string.Join(", ", MonitorReportWriter.Formats)})");
            }

            if (chosen == "xlsx" && file is null)
            {
                throw new UsageException("--format xlsx is binary: name a file with --output");
            }

            var threshold = parse.GetValue(failOn) is { } text
                ? Enum.TryParse<CcAudit.Core.Rules.Severity>(text, ignoreCase: true, out var s) ? s : throw new UsageException($"--fail-on takes info, low, medium, high or critical, not '{text}'")
                : (CcAudit.Core.Rules.Severity?)null;
            var from = Since(parse.GetValue(since));
            var to = Day(parse.GetValue(until), "--until");
            var transcripts = parse.GetValue(homes) ?? [];
            foreach (var missing in transcripts.Where(d => !Directory.Exists(d)))
            {
                throw new UsageException($"--transcripts: no directory {missing}");
            }

            await using var telemetry = await TelemetryStore.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            var side = transcripts.Length == 0 ? null : TranscriptSide.Read(transcripts.Select(Path.GetFullPath), from, to);
            foreach (var diagnostic in side?.Diagnostics ?? [])
            {
                await context.Error.WriteLineAsync($"ccaudit: {diagnostic}");
            }

            var report = await BuildReportAsync(telemetry, from, to, side, cancellationToken);
            await WriteReportAsync(context, report, chosen, file, parse.GetValue(csvTable)!, cancellationToken);
            return threshold is { } t && report.Findings.Any(f => f.Severity >= t) ? (int)ExitCode.FindingsAtOrAboveThreshold : (int)ExitCode.Ok;
        });
        return command;
    }

    internal static async Task<MonitorReport> BuildReportAsync(ITelemetryStore store, DateTimeOffset? since, DateTimeOffset? until, TranscriptSide? transcripts, CancellationToken cancellationToken)
    {
        var events = new List<TelemetryEvent>();
        await foreach (var e in store.ReadAsync(since?.ToUnixTimeMilliseconds(), until?.ToUnixTimeMilliseconds(), cancellationToken))
        {
            events.Add(e);
        }

        var facts = MonitorFacts.From(events, transcripts?.Calls, transcripts?.Sessions);
        return MonitorReportBuilder.Build(facts, "ccaudit " + typeof(MonitorFacts).Assembly.GetName().Version?.ToString(3), DateTimeOffset.UtcNow, since, until);
    }

    private static async Task WriteReportAsync(CliContext context, MonitorReport report, string format, string? file, string csvTable, CancellationToken cancellationToken)
    {
        if (!MonitorReportWriter.TableNames.Contains(csvTable))
        {
            throw new UsageException($"unknown table '{csvTable}' ({string.Join(", ", MonitorReportWriter.TableNames)})");
        }

        if (format == "console")
        {
            await using var writer = file is null ? null : CliContext.CreateText(file);
            var console = writer is null ? context.OutConsole : CliContext.CreateConsole(writer);
            foreach (var table in MonitorReportWriter.Tables(report).Where(t => t.Rows.Count > 0))
            {
                ActivityCommand.Table(console, table, table.Name == "baselines" ? 40 : 25);
            }

            return;
        }

        await using var buffer = new MemoryStream();
        await MonitorReportWriter.WriteAsync(report, format, csvTable, buffer, cancellationToken);
        if (file is null)
        {
            await context.Out.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken);
        }
        else
        {
            // Text formats pass the one redactor as stdout does; xlsx is built from the already-redacted report model.
            await (format == "xlsx" ? File.WriteAllBytesAsync(file, buffer.ToArray(), cancellationToken)
                : CliContext.WriteTextAsync(file, System.Text.Encoding.UTF8.GetString(buffer.ToArray()), cancellationToken));
            await context.Error.WriteLineAsync($"ccaudit: {format} monitor report written to {file}");
        }
    }

    private static Command Setup(CliContext context)
    {
        var endpoint = new Option<string>("--endpoint") { Description = "The receiver's OTLP/HTTP URL.", DefaultValueFactory = _ => "http://127.0.0.1:4318" };
        var team = new Option<string?>("--team") { Description = "Team tag (OTEL_RESOURCE_ATTRIBUTES team=…)." };
        var tags = new Option<string[]>("--tag") { Description = "More resource attributes, key=value (repeatable).", AllowMultipleArgumentsPerToken = true };
        var prompts = new Option<bool>("--log-prompts") { Description = "Export prompt text (OTEL_LOG_USER_PROMPTS=1)." };
        var responses = new Option<bool>("--log-responses") { Description = "Export response text (OTEL_LOG_ASSISTANT_RESPONSES=1)." };
        var noDetails = new Option<bool>("--no-tool-details") { Description = "Do not export commands and MCP names (OTEL_LOG_TOOL_DETAILS=0): commands cannot be classified then." };
        var tokenVar = new Option<string?>("--token-env") { Description = "Send Authorization: Bearer ${VAR} (the variable's name goes in the file, never the token)." };
        var store = StoreCommands.StoreOption();
        var command = new Command("setup", "Print (never apply) the managed-settings snippet that turns telemetry on toward the receiver, with team tags, content gates and a ConfigChange hook.")
        {
            endpoint, team, tags, prompts, responses, noDetails, tokenVar, store,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!Uri.TryCreate(parse.GetValue(endpoint), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new UsageException($"--endpoint must be an http(s) URL, not '{parse.GetValue(endpoint)}'");
            }

            var pairs = new List<(string, string)>();
            if (parse.GetValue(team) is { } t)
            {
                pairs.Add(("team", t));
            }

            foreach (var tag in parse.GetValue(tags) ?? [])
            {
                var eq = tag.IndexOf('=', StringComparison.Ordinal);
                pairs.Add(eq > 0 ? (tag[..eq], tag[(eq + 1)..]) : throw new UsageException($"--tag takes key=value, not '{tag}'"));
            }

            var record = "ccaudit monitor record" + (parse.GetValue(store) is { } s ? " --store " + Quote(s) : string.Empty);
            var options = new MonitorSetupOptions(uri.ToString(), pairs, !parse.GetValue(noDetails), parse.GetValue(prompts), parse.GetValue(responses), parse.GetValue(tokenVar), record);
            await context.Out.WriteAsync(MonitorSetup.Text(options).AsMemory(), cancellationToken);
            await context.Error.WriteLineAsync("ccaudit: merge this into managed-settings.json (nothing was changed); `ccaudit scan` checks a machine against it (CCA452, CCA454, CCA457).");
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static Command Record(CliContext context)
    {
        var store = StoreCommands.StoreOption();
        var command = new Command("record", "Append the hook payload on stdin (Claude Code's ConfigChange hook) to the store.") { store };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var payload = await Console.In.ReadToEndAsync(cancellationToken);
            var parsed = MonitorSetup.HookEvent(payload, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            if (parsed.Value is not { } hookEvent)
            {
                await context.Error.WriteLineAsync("ccaudit monitor record: " + parsed.Diagnostics[0].Message);
                // A hook must never block the change it records: the failure is reported, the exit is not 2 (which would block ConfigChange).
                return (int)ExitCode.Failure;
            }

            await using var telemetry = await TelemetryStore.OpenAsync(parse.GetValue(store), context.Environment, cancellationToken);
            await telemetry.AppendAsync([hookEvent], hookEvent.TimeMs, cancellationToken);
            return (int)ExitCode.Ok;
        });
        return command;
    }

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static DateTimeOffset? Since(string? text)
    {
        if (text is { Length: > 1 } && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && text[^1] is 'd' or 'w')
        {
            return DateTimeOffset.UtcNow.AddDays(-(text[^1] == 'w' ? 7 * n : n));
        }

        return Day(text, "--since");
    }

    private static DateTimeOffset? Day(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new UsageException($"{option} takes a date as YYYY-MM-DD (or a span like 7d for --since), not '{text}'");

    internal static IPEndPoint Endpoint(string text)
    {
        var colon = text.LastIndexOf(':');
        var host = colon > 0 ? text[..colon].Trim('[', ']') : text;
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UsageException($"'{text}' is not host:port");
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : throw new UsageException($"'{host}' is not an IP address (or localhost)");
    }
}
