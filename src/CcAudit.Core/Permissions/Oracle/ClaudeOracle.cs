using System.Diagnostics;
using System.Globalization;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// The real Claude Code binary as a permission oracle (oracle-protocol.md), in C#. Each batch of cases becomes one
/// process of the binary that decides every probe of a single scripted assistant message. SAFETY, to the letter:
/// every run is in its own loopback-only network namespace and private read-only mount namespace (jail.sh), with a
/// throwaway HOME/TMPDIR/project, the no-exec shell prefix, and every proxy variable pointing at the refusing canary.
/// The mock Messages API and the canary are served by this process over Unix sockets, relayed onto the jail's loopback.
/// </summary>
public sealed class ClaudeOracle
{
    private const int MockPort = 47811;
    private const int CanaryPort = 47999;
    private readonly OracleOptions options;

    public ClaudeOracle(OracleOptions options) => this.options = options;

    /// <summary>Why the oracle cannot run here (not root, no <c>unshare</c>/<c>ip</c>/<c>node</c>, no binary), or null.</summary>
    public static string? CannotRunReason(string claudeBinary)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the oracle needs Linux namespaces (run it in a Linux container elsewhere)";
        }

        if (!IsRoot())
        {
            return "the oracle needs root to create its network and mount namespaces (unshare --net --mount); refusing to run the binary without them";
        }

        foreach (var tool in new[] { "unshare", "ip", "node", "git", "findmnt" })
        {
            if (FindOnPath(tool) is null)
            {
                return $"'{tool}' is not on PATH; refusing to run the binary without the jail";
            }
        }

        return File.Exists(claudeBinary) ? null : $"no Claude Code binary at {claudeBinary}";
    }

    /// <summary>Decides every case with the real binary. Cases the jail cannot show come back invalid, with the reason.</summary>
    public async Task<OracleResult> DecideAsync(IReadOnlyList<PermissionCase> cases, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (CannotRunReason(options.ClaudeBinary) is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        Directory.CreateDirectory(options.RunsDirectory);
        var session = Path.Combine(options.RunsDirectory, "s" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]);
        var assets = Path.Combine(session, "assets");
        Directory.CreateDirectory(assets);
        WriteAssets(assets);
        var mock = new MessagesApiMock();
        var canary = new EgressCanary();
        var verdicts = new List<OracleVerdict>();
        var runs = new List<OracleRunSummary>();
        var done = 0;
        try
        {
            await using (var mockServer = new UnixHttpServer(Path.Combine(session, "mock.sock"), mock.HandleAsync))
            await using (var canaryServer = new UnixHttpServer(Path.Combine(session, "canary.sock"), canary.HandleAsync))
            {
                var protectedPaths = new[] { Path.GetFullPath(options.RunsDirectory), Path.GetFullPath(options.ClaudeBinary), FindOnPath("node")!, session };
                var batches = OracleBatchPlanner.Plan(cases, options.BatchSize);
                using var gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
                var tasks = batches.Select((batch, index) => Task.Run(async () =>
                {
                    await gate.WaitAsync(cancellationToken);
                    try
                    {
                        var run = await RunBatchAsync(batch, $"r{index:D4}", session, assets, mock, mockServer.Path, canaryServer.Path, protectedPaths, cancellationToken);
                        lock (verdicts)
                        {
                            verdicts.AddRange(run.Verdicts);
                            runs.Add(run.Summary);
                            done += batch.Cases.Count;
                            progress?.Report(done);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, cancellationToken)).ToList();
                await Task.WhenAll(tasks);
            }
        }
        finally
        {
            if (!options.KeepRuns)
            {
                TryDelete(session);
            }
        }

        var order = cases.Select((c, i) => (c.Id, i)).GroupBy(x => x.Id).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        return new OracleResult([.. verdicts.OrderBy(v => order.GetValueOrDefault(v.Id))], [.. runs.OrderBy(r => r.RunId, StringComparer.Ordinal)], canary.Attempts);
    }

    private async Task<(IReadOnlyList<OracleVerdict> Verdicts, OracleRunSummary Summary)> RunBatchAsync(
        OracleBatch batch, string runId, string session, string assets, MessagesApiMock mock, string mockSocket, string canarySocket, IReadOnlyCollection<string> protectedPaths, CancellationToken cancellationToken)
    {
        var runDirectory = Path.Combine(session, runId);
        Directory.CreateDirectory(Path.Combine(runDirectory, "tmp"));
        var (sandbox, problem) = OracleSandbox.Create(batch, runDirectory, assets, protectedPaths);
        if (sandbox is null)
        {
            return (batch.Cases.Select(c => new OracleVerdict(c.Id, "invalid", problem!, runId)).ToList(), new OracleRunSummary(runId, batch.Cases.Count, TimeSpan.Zero, -1, [problem!], []));
        }

        var probes = batch.Cases.Select((c, i) => new ScriptedToolUse($"toolu_ccaudit_{i:D4}", c.Tool, c.Input.GetRawText())).ToList();
        var offered = probes.Where(p => p.Name.StartsWith("mcp__", StringComparison.Ordinal)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        mock.Register(runId, probes);
        var stopwatch = Stopwatch.StartNew();
        var (exitCode, lines, stderr) = await RunProcessAsync(sandbox, runId, assets, mockSocket, canarySocket, batch.Template.Context.Mode, OracleOptions.TimeoutFor(probes.Count), cancellationToken);
        stopwatch.Stop();
        mock.Forget(runId);
        var parsed = StreamJsonClassifier.Classify(lines, probes, offered);
        var (problems, notes) = Validity(exitCode, stderr, parsed, sandbox, batch.Template.Context.Trusted);
        if (options.KeepRuns)
        {
            await File.WriteAllLinesAsync(Path.Combine(runDirectory, "out.jsonl"), lines, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "err.txt"), stderr, cancellationToken);
        }

        var verdicts = batch.Cases.Select((c, i) =>
        {
            var (cls, why) = problems.Count == 0 ? parsed.Verdicts[probes[i].Id] : ("invalid", "run invalid: " + problems[0]);
            return new OracleVerdict(c.Id, cls, why, runId);
        }).ToList();
        return (verdicts, new OracleRunSummary(runId, probes.Count, stopwatch.Elapsed, exitCode, problems, notes));
    }

    /// <summary>One jailed process of the binary; the live red team passes its own prompt (a benign task for a real model).</summary>
    internal async Task<(int ExitCode, List<string> Lines, string Stderr)> RunProcessAsync(
        OracleSandbox sandbox, string runId, string assets, string mockSocket, string canarySocket, string mode, TimeSpan timeout,
        CancellationToken cancellationToken, string prompt = MessagesApiMock.PromptMarker)
    {
        var start = new ProcessStartInfo("unshare")
        {
            WorkingDirectory = sandbox.RunDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var relays = options.Relays.SelectMany(r => new[] { r.Port.ToString(CultureInfo.InvariantCulture), r.Socket });
        foreach (var argument in new[] { "--net", "--mount", "--fork", "sh", Path.Combine(assets, "jail.sh"), "node", Path.Combine(assets, "relay.mjs"), MockPort.ToString(CultureInfo.InvariantCulture), mockSocket, CanaryPort.ToString(CultureInfo.InvariantCulture), canarySocket }
            .Concat(relays).Concat(["--", options.ClaudeBinary, "-p", prompt, "--output-format", "stream-json", "--verbose", "--permission-prompts", "none", "--debug-file", Path.Combine(sandbox.RunDirectory, "debug.txt")]).Concat(sandbox.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        var proxy = $"http://127.0.0.1:{CanaryPort}";
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
            ["HOME"] = sandbox.Home,
            ["TMPDIR"] = Path.Combine(sandbox.RunDirectory, "tmp"),
            ["LANG"] = "C.UTF-8",
            ["ANTHROPIC_BASE_URL"] = $"http://127.0.0.1:{MockPort}/r/{runId}",
            ["ANTHROPIC_API_KEY"] = "sk-ant-oracle-dummy",
            ["DISABLE_TELEMETRY"] = "1",
            ["DISABLE_AUTOUPDATER"] = "1",
            ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
            ["HTTPS_PROXY"] = proxy,
            ["HTTP_PROXY"] = proxy,
            ["https_proxy"] = proxy,
            ["http_proxy"] = proxy,
            ["ALL_PROXY"] = proxy,
            ["NO_PROXY"] = "127.0.0.1,localhost",
            ["no_proxy"] = "127.0.0.1,localhost",
            ["CLAUDE_CODE_SHELL_PREFIX"] = Path.Combine(assets, "noexec.sh"),
            ["CCAUDIT_ORACLE_NOEXEC_LOG"] = Path.Combine(sandbox.RunDirectory, "noexec.log"),
            ["CCAUDIT_ORACLE_RUN"] = sandbox.RunDirectory,
            ["CCAUDIT_ORACLE_CWD"] = sandbox.Cwd,
            ["CCAUDIT_ORACLE_MIRRORS"] = string.Join("\n", sandbox.Mirrors),
            ["CCAUDIT_ORACLE_MANAGED"] = sandbox.ManagedFile ?? "",
        };
        foreach (var (key, value) in options.Environment)
        {
            environment.TryAdd(key, value);
        }

        if (mode == "bypassPermissions")
        {
            // As root the binary refuses bypass mode unless told it is sandboxed (§8); it is.
            environment["IS_SANDBOX"] = "1";
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("unshare could not be started");
        process.StandardInput.Close();
        var lines = new List<string>();
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
            {
                lines.Add(line);
            }
        }, cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await stdout;
            return (process.ExitCode, lines, await stderr);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return (-1, lines, $"timed out after {timeout.TotalSeconds:F0} s and was killed");
        }
    }

    /// <summary>§11: a run whose verdicts must not be trusted.</summary>
    internal static (List<string> Problems, List<string> Notes) Validity(int exitCode, string stderr, StreamJsonClassifier.Parsed parsed, OracleSandbox sandbox, bool trusted)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        if (exitCode != 0)
        {
            problems.Add($"exit code {exitCode}: {stderr.Trim()[..Math.Min(300, stderr.Trim().Length)]}");
        }

        if (!parsed.HasInit)
        {
            problems.Add("no system/init record");
        }

        if (parsed.ResultSubtype is null)
        {
            problems.Add("no result record");
        }
        else if (parsed.ResultSubtype != "success" || parsed.ResultIsError)
        {
            problems.Add($"result {parsed.ResultSubtype}");
        }

        if (parsed.McpNotConnected.Count > 0)
        {
            problems.Add("MCP servers not connected: " + string.Join(", ", parsed.McpNotConnected));
        }

        var debug = Path.Combine(sandbox.RunDirectory, "debug.txt");
        if (File.Exists(debug))
        {
            foreach (var line in File.ReadLines(debug))
            {
                if (line.Contains("Invalid setting skipped", StringComparison.Ordinal) || line.Contains("Settings file not found", StringComparison.Ordinal)
                    || (line.Contains("workspace not yet trusted", StringComparison.Ordinal) && trusted))
                {
                    // Kept as a note: a case may carry a broken settings file on purpose, and ignoring it is the truth.
                    notes.Add(line.Trim()[..Math.Min(400, line.Trim().Length)]);
                }
            }
        }

        return (problems, notes);
    }

    internal static void WriteAssets(string directory)
    {
        var assembly = typeof(ClaudeOracle).Assembly;
        foreach (var name in new[] { "jail.sh", "noexec.sh", "relay.mjs", "mcp-stub.mjs", "mcp-range.mjs" })
        {
            using var stream = assembly.GetManifestResourceStream("ccaudit.oracle." + name) ?? throw new InvalidOperationException($"oracle asset {name} is not embedded");
            var path = Path.Combine(directory, name);
            using (var file = File.Create(path))
            {
                stream.CopyTo(file);
            }

            if (OperatingSystem.IsWindows())
            {
                continue;
            }

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    internal static bool IsRoot()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("Uid:", StringComparison.Ordinal))
            {
                return line.Split('\t', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault() == "0";
            }
        }

        return false;
    }

    internal static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    internal static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
