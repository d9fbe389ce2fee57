using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Core.RedTeam.Live;

/// <summary>One run of the binary on the range: its configuration (a permission case without a call), the calls and the world.</summary>
/// <param name="RunId">Unique in the session.</param>
/// <param name="Configuration">mode, trusted, home, cwd, settings per tier, mcpServers, as in a permission case.</param>
/// <param name="Calls">The model's first-turn calls, with their ids.</param>
/// <param name="Injections">Planted instructions the model follows when it reads them.</param>
/// <param name="Plant">Writes the world into the run's sandbox, given the function from a jail path to the host path.</param>
internal sealed record RangeRun(
    string RunId, JsonObject Configuration, IReadOnlyList<ScriptedToolUse> Calls, IReadOnlyList<RangeInjection> Injections,
    Action<Func<string, string>> Plant)
{
    /// <summary>More MCP servers for this run (the untrusted one), merged into the MCP config the sandbox builds.</summary>
    public JsonObject? ExtraMcpServers { get; init; }

    /// <summary>The prompt; the marker for the scripted model, a benign task for a real one.</summary>
    public string Prompt { get; init; } = MessagesApiMock.PromptMarker;

    /// <summary>Answered by the real model endpoint instead of the scripted model.</summary>
    public bool RealModel { get; init; }
}

/// <summary>What a run showed: each call's class and result text, what the no-exec prefix recorded, egress, delivery.</summary>
internal sealed record RangeRunResult(
    IReadOnlyDictionary<string, (string Class, string Reason)> Verdicts, IReadOnlyDictionary<string, string> Results, string NoExecLog,
    IReadOnlyList<EgressAttempt> Egress, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes, TimeSpan Wall,
    IReadOnlyCollection<string> Delivered, Func<string, string> HostPath)
{
    /// <summary>Every tool call the model made in the run (a real model makes its own), as the binary echoed them.</summary>
    public IReadOnlyList<ScriptedToolUse> Seen { get; init; } = [];
}

/// <summary>
/// The live red team's range: one session of jailed runs of the real binary (ClaudeOracle's jail, no-exec prefix and
/// egress canary), a model on the jail's loopback, and a page server on it for WebFetch. Everything lives in a throwaway
/// session directory, deleted on dispose unless runs are kept.
/// </summary>
internal sealed class LiveRange : IAsyncDisposable
{
    public const int PagePort = 47813;
    public const int CanaryPort = 47999;
    private readonly string session;
    private readonly string assets;
    private readonly bool keep;
    private readonly IRangeModel model;
    private readonly IRangeModel? realModel;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> realRuns = new(StringComparer.Ordinal);
    private readonly EgressCanary canary = new();
    private readonly UnixHttpServer modelServer;
    private readonly UnixHttpServer canaryServer;
    private readonly UnixHttpServer pageServer;
    private readonly ClaudeOracle oracle;
    private readonly string binary;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? pageCertificate;
    private string page = "<html><body>nothing here</body></html>";

    // shown: the launch directory and home the runs show at their real paths (the jail mounts over their top-level directories).
    public LiveRange(
        string claudeBinary, string runsDirectory, bool keepRuns, IRangeModel model, IReadOnlyDictionary<string, string> environment,
        IRangeModel? realModel = null, IReadOnlyList<string>? shown = null)
    {
        this.realModel = realModel;
        keep = keepRuns;
        this.model = model;
        Directory.CreateDirectory(runsDirectory);
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        session = Path.Combine(Path.GetFullPath(runsDirectory), "live" + stamp + "-" + Guid.NewGuid().ToString("N")[..6]);
        assets = Path.Combine(session, "assets");
        Directory.CreateDirectory(assets);
        binary = Stage(Path.GetFullPath(claudeBinary), shown ?? [], session);
        ClaudeOracle.WriteAssets(assets);
        modelServer = new UnixHttpServer(Path.Combine(session, "model.sock"), (request, stream, token) =>
            ModelOf(MessagesApiMock.Route(request.Target).RunId).HandleAsync(request, stream, token));
        canaryServer = new UnixHttpServer(Path.Combine(session, "canary.sock"), canary.HandleAsync);
        var (certificate, pem) = PageCertificate();
        var authority = Path.Combine(session, "page-ca.pem");
        File.WriteAllText(authority, pem);
        pageCertificate = certificate;
        pageServer = new UnixHttpServer(Path.Combine(session, "page.sock"), ServePageAsync, certificate);
        oracle = new ClaudeOracle(new OracleOptions(binary, runsDirectory, KeepRuns: keepRuns)
        {
            // The binary trusts the page's throwaway certificate, and nothing else changes about TLS.
            Environment = new Dictionary<string, string>(environment, StringComparer.Ordinal) { ["NODE_EXTRA_CA_CERTS"] = authority },
            Relays = [(PagePort, pageServer.Path)],
        });
    }

    public string Session => session;

    public string Assets => assets;

    public string RunDirectory(string runId) => Path.Combine(session, runId);

    /// <summary>A file of the session the jail can read (the untrusted MCP server's issue).</summary>
    public string WriteSessionFile(string name, string text)
    {
        var path = Path.Combine(session, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Requests the page server answered (WebFetch reached the jail's loopback page).</summary>
    public int PageHits { get; private set; }

    /// <summary>The page WebFetch gets from <c>http://127.0.0.1:47813/</c> from now on.</summary>
    public void ServePage(string html) => page = html;

    public async Task<RangeRunResult> RunAsync(RangeRun run, CancellationToken cancellationToken)
    {
        var runDirectory = Path.Combine(session, run.RunId);
        Directory.CreateDirectory(Path.Combine(runDirectory, "tmp"));
        var cases = run.Calls.Select((c, i) => Case(run.Configuration, c, i)).ToList();
        var template = cases.Count > 0 ? cases[0] : Case(run.Configuration, new ScriptedToolUse("none", "Read", "{}"), 0);
        var protectedPaths = new[] { Path.GetDirectoryName(session)!, binary, ClaudeOracle.FindOnPath("node")!, session };
        var (sandbox, problem) = OracleSandbox.Create(new OracleBatch(template, cases), runDirectory, assets, protectedPaths);
        if (sandbox is null)
        {
            return Failed(problem!);
        }

        var root = Path.Combine(runDirectory, "root");
        string Host(string path) => root + path;
        run.Plant(Host);
        if (run.ExtraMcpServers is { } extra)
        {
            sandbox = WithMcpServers(sandbox, runDirectory, extra);
        }

        var runModel = run.RealModel && realModel is not null ? realModel : model;
        if (runModel == realModel)
        {
            realRuns[run.RunId] = true;
        }

        runModel.Register(run.RunId, new RangeScript(run.Calls, run.Injections));
        var before = canary.Attempts.Count;
        var stopwatch = Stopwatch.StartNew();
        var mode = (string?)run.Configuration["mode"] ?? "default";
        var (exitCode, lines, stderr) = await oracle.RunProcessAsync(
            sandbox, run.RunId, assets, modelServer.Path, canaryServer.Path, mode, OracleOptions.TimeoutFor(run.Calls.Count * 2),
            cancellationToken, run.Prompt);
        stopwatch.Stop();
        var delivered = runModel.Delivered(run.RunId);
        runModel.Forget(run.RunId);
        var seen = ToolUses(lines);
        var all = run.Calls.Concat(run.Injections.Select(i => i.Call)).Concat(seen).DistinctBy(c => c.Id).ToList();
        var offered = all.Where(p => p.Name.StartsWith("mcp__", StringComparison.Ordinal)).Select(p =>
            p.Name).ToHashSet(StringComparer.Ordinal);
        var parsed = StreamJsonClassifier.Classify(lines, all, offered);
        var (problems, notes) = ClaudeOracle.Validity(exitCode, stderr, parsed, sandbox, (bool?)run.Configuration["trusted"] ?? true);
        if (keep)
        {
            await File.WriteAllLinesAsync(Path.Combine(runDirectory, "out.jsonl"), lines, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(runDirectory, "err.txt"), stderr, cancellationToken);
        }

        var log = Path.Combine(runDirectory, "noexec.log");
        return new RangeRunResult(
            parsed.Verdicts, parsed.Results, File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : "",
            [.. canary.Attempts.Skip(before)], problems, notes, stopwatch.Elapsed, delivered, Host) { Seen = seen };

        RangeRunResult Failed(string why) => new(
            new Dictionary<string, (string, string)>(StringComparer.Ordinal), new Dictionary<string, string>(StringComparer.Ordinal), "",
            [], [why], [], TimeSpan.Zero, [], p => p);
    }

    /// <summary>
    /// The binary the runs start. One installed under the same top-level directory as the launch directory or home (the
    /// native installer puts it in <c>~/.local</c>) would be hidden by the jail's mount over that directory: it is linked
    /// (or, across file systems, copied) into the session first.
    /// </summary>
    private static string Stage(string binary, IReadOnlyList<string> shown, string session)
    {
        static string Top(string path) => path.IndexOf('/', 1) is var i and > 0 ? path[..i] : path;
        if (!shown.Any(p => Top(p) == Top(binary)))
        {
            return binary;
        }

        var staged = Path.Combine(session, "bin", Path.GetFileName(binary));
        Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
        var start = new ProcessStartInfo("ln", [binary, staged]) { RedirectStandardError = true, UseShellExecute = false };
        using (var link = Process.Start(start)!)
        {
            link.WaitForExit();
            if (link.ExitCode != 0)
            {
                File.Copy(binary, staged);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(staged, File.GetUnixFileMode(binary));
                }
            }
        }

        return staged;
    }

    private IRangeModel ModelOf(string runId) => realModel is not null && realRuns.ContainsKey(runId) ? realModel : model;

    /// <summary>Every <c>tool_use</c> block of the assistant records, by id.</summary>
    private static List<ScriptedToolUse> ToolUses(IEnumerable<string> lines)
    {
        var seen = new List<ScriptedToolUse>();
        foreach (var line in lines.Where(l => l.Contains("\"assistant\"", StringComparison.Ordinal)))
        {
            var record = LiveObservation.Parse(line);
            if (record.ValueKind != System.Text.Json.JsonValueKind.Object || !record.TryGetProperty("type", out var type)
                || type.GetString() != "assistant"
                || !record.TryGetProperty("message", out var message) || !message.TryGetProperty("content", out var content)
                || content.ValueKind != System.Text.Json.JsonValueKind.Array)
            {
                continue;
            }

            seen.AddRange(content.EnumerateArray()
                .Where(b => b.TryGetProperty("type", out var t) && t.GetString() == "tool_use" && b.TryGetProperty("id", out _))
                .Select(b => new ScriptedToolUse(b.GetProperty("id").GetString()!, b.GetProperty("name").GetString() ?? "",
                    b.TryGetProperty("input", out var input) ? input.GetRawText() : "{}")));
        }

        return [.. seen.DistinctBy(s => s.Id)];
    }

    private static PermissionCase Case(JsonObject configuration, ScriptedToolUse call, int index)
    {
        var node = (JsonObject)configuration.DeepClone();
        node["id"] = $"{call.Id}-{index}";
        node["tool"] = call.Name;
        node["input"] = JsonNode.Parse(call.InputJson);
        return PermissionCase.Parse(node.ToJsonString(), "<live>", index + 1).Value
            ?? throw new InvalidOperationException("a live range call did not make a permission case");
    }

    /// <summary>The sandbox with the extra servers in a second MCP config (the binary merges every <c>--mcp-config</c>).</summary>
    private static OracleSandbox WithMcpServers(OracleSandbox sandbox, string runDirectory, JsonObject servers)
    {
        var file = Path.Combine(runDirectory, "mcp-range.json");
        File.WriteAllText(file, new JsonObject { ["mcpServers"] = servers.DeepClone() }.ToJsonString());
        return sandbox.WithArguments([.. sandbox.Arguments, "--mcp-config", file]);
    }

    /// <summary>A self-signed certificate for 127.0.0.1, made for this session only; its key never leaves the process.</summary>
    private static (System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, string Pem) PageCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
            "CN=127.0.0.1", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var names = new System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new System.Security.Cryptography.X509Certificates.X509BasicConstraintsExtension(true, false, 0,
            true));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var usable = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(made.Export(
            System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        return (usable, made.ExportCertificatePem());
    }

    private Task ServePageAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
    {
        PageHits++;
        var body = Encoding.UTF8.GetBytes(page);
        var head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        return WriteAsync(stream, [.. Encoding.ASCII.GetBytes(head), .. body], cancellationToken);
    }

    private static async Task WriteAsync(Stream stream, byte[] bytes, CancellationToken cancellationToken) =>
        await stream.WriteAsync(bytes, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await modelServer.DisposeAsync();
        await canaryServer.DisposeAsync();
        await pageServer.DisposeAsync();
        (realModel as IDisposable)?.Dispose();
        pageCertificate?.Dispose();
        if (!keep)
        {
            ClaudeOracle.TryDelete(session);
        }
    }
}
