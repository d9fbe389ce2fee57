using System.CommandLine;
using System.Globalization;
using System.Net;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Store;

namespace CcAudit.Cli.Commands;

/// <summary><c>ccaudit monitor serve|report|setup|record</c>: Claude Code's own telemetry, received, stored and judged.</summary>
internal static class MonitorCommands
{
    public static Command Create(CliContext context)
    {
        var command = new Command("monitor", "Receive Claude Code's OpenTelemetry (OTLP), report on it, and set it up.");
        command.Subcommands.Add(Serve(context));
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
            await using (var receiver = await OtlpReceiver.StartAsync(options, telemetry, null, context.Error, cancellationToken))
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
