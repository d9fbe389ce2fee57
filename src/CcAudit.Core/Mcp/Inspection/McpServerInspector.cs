using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CcAudit.Core.Common;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CcAudit.Core.Mcp.Inspection;

/// <summary>
/// Connects to one configured MCP server with the official C# SDK and lists what it offers. Opt-in only: the CLI calls
/// this behind <c>--connect</c>. A server that hangs, crashes, floods or answers garbage yields an inspection with a
/// failure status; it never hangs or crashes the caller.
/// </summary>
public sealed class McpServerInspector
{
    private readonly McpInspectionOptions _options;
    private readonly Lazy<bool> _unshareUsable;

    public McpServerInspector(McpInspectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _unshareUsable = new Lazy<bool>(ProbeUnshare);
    }

    /// <summary>Plans a stdio launch without running anything, so the caller can print it first.</summary>
    public ParseResult<McpLaunchPlan>? PlanLaunch(McpServerConfig server, string sandboxDir) =>
        server.Transport == McpTransport.Stdio ? McpLaunchPlanner.Plan(server, _options, sandboxDir, _unshareUsable.Value) : null;

    /// <summary>Inspects <paramref name="server"/>; <paramref name="beforeLaunch"/> sees the exact launch plan before anything runs.</summary>
    public async Task<McpInspection> InspectAsync(McpServerConfig server, Action<McpLaunchPlan>? beforeLaunch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        var watch = Stopwatch.StartNew();
        var sandbox = Directory.CreateTempSubdirectory("ccaudit-mcp-").FullName;
        var stderr = new BoundedText(_options.MaxStderrChars);
        McpLaunchPlan? plan = null;
        try
        {
            IClientTransport transport;
            switch (server.Transport)
            {
                case McpTransport.Stdio:
                    var planned = McpLaunchPlanner.Plan(server, _options, sandbox, _unshareUsable.Value);
                    if (planned.Value is null)
                    {
                        return Refused(server, planned.Diagnostics[0].Message, watch.Elapsed, planned.Diagnostics);
                    }

                    plan = planned.Value;
                    beforeLaunch?.Invoke(plan);
                    transport = new StdioClientTransport(new StdioClientTransportOptions
                    {
                        Name = server.Name,
                        Command = plan.FileName,
                        Arguments = [.. plan.Arguments],
                        WorkingDirectory = plan.WorkingDirectory,
                        InheritEnvironmentVariables = false,
                        EnvironmentVariables = McpLaunchPlanner.BuildEnvironment(server, _options, sandbox).ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
                        StandardErrorLines = stderr.AppendLine,
                        ShutdownTimeout = TimeSpan.FromSeconds(2),
                    });
                    break;
                case McpTransport.Http or McpTransport.Sse when Uri.TryCreate(server.Url, UriKind.Absolute, out var endpoint):
                    transport = new HttpClientTransport(new HttpClientTransportOptions
                    {
                        Name = server.Name,
                        Endpoint = endpoint,
                        TransportMode = server.Transport == McpTransport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                        AdditionalHeaders = server.Headers.ToDictionary(kv => kv.Key, kv => kv.Value),
                        ConnectionTimeout = _options.StartTimeout,
                        MaxReconnectionAttempts = 0,
                    });
                    break;
                default:
                    return Refused(server, $"transport '{server.RawType ?? server.Transport.ToString()}' cannot be inspected (stdio, http and sse can)", watch.Elapsed, []);
            }

            using var startBudget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startBudget.CancelAfter(_options.StartTimeout + TimeSpan.FromSeconds(2));
            await using var client = await McpClient.CreateAsync(
                transport,
                new McpClientOptions
                {
                    ClientInfo = new Implementation { Name = _options.ClientName, Version = _options.ClientVersion },
                    InitializationTimeout = _options.StartTimeout,
                },
                loggerFactory: null,
                startBudget.Token);

            var tools = await WithinAsync(ct => client.ListToolsAsync(cancellationToken: ct).AsTask(), cancellationToken);
            var prompts = client.ServerCapabilities?.Prompts is null
                ? []
                : await WithinAsync(ct => client.ListPromptsAsync(cancellationToken: ct).AsTask(), cancellationToken);
            var resources = client.ServerCapabilities?.Resources is null
                ? []
                : await WithinAsync(ct => client.ListResourcesAsync(cancellationToken: ct).AsTask(), cancellationToken);

            return new McpInspection(
                server,
                _options.ClientName,
                McpInspectionStatus.Connected,
                null,
                client.ServerInfo?.Name,
                client.ServerInfo?.Version,
                client.ServerInstructions,
                [.. tools.Select(t => new McpToolInfo(t.ProtocolTool.Name, t.ProtocolTool.Title, t.ProtocolTool.Description, t.ProtocolTool.InputSchema.GetRawText()))],
                [.. prompts.Select(p => new McpPromptInfo(p.Name, p.Description, [.. (p.ProtocolPrompt.Arguments ?? []).Select(a => a.Name)]))],
                [.. resources.Select(r => new McpResourceInfo(r.Uri, r.Name, r.Description, r.MimeType))],
                stderr.ToString(),
                watch.Elapsed,
                plan,
                []);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var status = Classify(ex, cancellationToken);
            var message = status switch
            {
                McpInspectionStatus.TimedOut => $"no answer within {_options.StartTimeout.TotalSeconds:0}s to start or {_options.RequestTimeout.TotalSeconds:0}s per request",
                McpInspectionStatus.Crashed => $"server exited or closed the connection: {FirstLine(ex.Message)}",
                _ => $"server did not speak valid MCP: {FirstLine(ex.Message)}",
            };
            var diagnostic = Diagnostic.Warning(DiagnosticCodes.McpInspectionFailed, $"MCP server '{server.Name}': {message}", server.Location);
            return new McpInspection(server, _options.ClientName, status, message, null, null, null, [], [], [], stderr.ToString(), watch.Elapsed, plan, [diagnostic]);
        }
        finally
        {
            TryDelete(sandbox);
        }
    }

    private async Task<IList<T>> WithinAsync<T>(Func<CancellationToken, Task<IList<T>>> request, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(_options.RequestTimeout);
        return await request(budget.Token);
    }

    private McpInspection Refused(McpServerConfig server, string reason, TimeSpan elapsed, IReadOnlyList<Diagnostic> diagnostics) =>
        new(server, _options.ClientName, McpInspectionStatus.Refused, reason, null, null, null, [], [], [], string.Empty, elapsed, null, diagnostics);

    private static McpInspectionStatus Classify(Exception ex, CancellationToken callerToken)
    {
        callerToken.ThrowIfCancellationRequested();
        return ex switch
        {
            OperationCanceledException or TimeoutException => McpInspectionStatus.TimedOut,
            IOException or ClientTransportClosedException or ObjectDisposedException => McpInspectionStatus.Crashed,
            InvalidOperationException when ex.Message.Contains("closed", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("exit", StringComparison.OrdinalIgnoreCase) => McpInspectionStatus.Crashed,
            HttpRequestException => McpInspectionStatus.Crashed,
            McpException or JsonException => McpInspectionStatus.ProtocolError,
            _ => McpInspectionStatus.ProtocolError,
        };
    }

    private bool ProbeUnshare()
    {
        if (!File.Exists(_options.UnsharePath))
        {
            return false;
        }

        try
        {
            var plan = McpLaunchPlanner.Plan(
                new McpServerConfig("probe", McpScope.Dynamic, new SourceLocation("<probe>"), McpTransport.Stdio, null, "true", [], new Dictionary<string, string>(), null, new Dictionary<string, string>(), null, null),
                _options with { AllowNetwork = false },
                Path.GetTempPath(),
                unshareUsable: true).Value!;
            using var process = Process.Start(new ProcessStartInfo(plan.FileName, plan.Arguments) { RedirectStandardError = true, RedirectStandardOutput = true });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Keeps the first characters of a stream of lines; a server's stderr can be endless.</summary>
    private sealed class BoundedText(int limit)
    {
        private readonly StringBuilder _text = new();
        private readonly Lock _gate = new();

        public void AppendLine(string line)
        {
            lock (_gate)
            {
                if (_text.Length < limit)
                {
                    _text.Append(line.AsSpan(0, Math.Min(line.Length, limit - _text.Length))).Append('\n');
                }
            }
        }

        public override string ToString()
        {
            lock (_gate)
            {
                return _text.ToString();
            }
        }
    }
}
