using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Monitoring.Otlp;
using CcAudit.Core.Tests.TestSupport;
using Google.Protobuf;

namespace CcAudit.Cli.Tests.Commands;

/// <summary><c>monitor record</c> and <c>monitor serve</c> through the built ccaudit, as a hook and an operator run them.</summary>
public sealed class MonitorCommandsTests : IDisposable
{
    private readonly TempDir _dir = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Cli => Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");

    public void Dispose() => _dir.Dispose();

    /// <summary>A <c>ccaudit</c> on PATH that runs the built CLI, as an installed tool would be found by the hook's shell.</summary>
    private string BinDirectory()
    {
        var bin = _dir.Combine("bin");
        var script = _dir.Write("bin/ccaudit", $"#!/bin/sh\nexec dotnet '{Cli}' \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private async Task<(int Code, string Error)> ShellAsync(string command, string stdin)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["PATH"] = BinDirectory() + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["XDG_DATA_HOME"] = _dir.Combine("data");
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync(Token);
        await process.StandardOutput.ReadToEndAsync(Token);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await error);
    }

    [Fact]
    public async Task Record_RunAsTheSetupsConfigChangeHook_StoresThePayloadRedacted_AndTheReportFlagsIt()
    {
        var data = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = _dir.Combine("data") };
        var setup = await CliRunner.RunAsync(data, "monitor", "setup", "--team", "platform");
        Assert.Equal(0, setup.ExitCode);
        var hook = JsonDocument.Parse(setup.Out).RootElement.GetProperty("hooks").GetProperty("ConfigChange")[0].GetProperty("hooks")[0];
        Assert.Equal("command", hook.GetProperty("type").GetString());
        // The payload Claude Code writes to a ConfigChange hook's stdin (common fields, source, file_path); the edited
        // file's path carries a token, as a hostile or careless name could.
        var secret = "ghp_" + "Zq3xR8vKm2Lp9sTw4Yb7Nc1Hd6Fj0Ga5Ue8Q";
        var payload = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["session_id"] = "5b0e8c4e-2f4d-4d7a-9a36-0c1f3f0d9e11",
            ["transcript_path"] = "/home/dev/.claude/projects/-srv-app/5b0e8c4e.jsonl",
            ["cwd"] = "/srv/app", ["hook_event_name"] = "ConfigChange", ["source"] = "project_settings",
            ["file_path"] = $"/srv/app/.claude/settings-{secret}.json",
        });

        var (code, error) = await ShellAsync(hook.GetProperty("command").GetString()!, payload);
        Assert.True(code == 0, error);
        var (badCode, badError) = await ShellAsync(hook.GetProperty("command").GetString()!, "{not json");
        // A failing hook must not block the change it records: not exit 2.
        Assert.Equal(3, badCode);
        Assert.Contains("not valid JSON", badError, StringComparison.Ordinal);

        var report = await CliRunner.RunAsync(data, "monitor", "report", "--format", "json");
        Assert.Equal(0, report.ExitCode);
        var root = JsonDocument.Parse(report.Out).RootElement;
        Assert.Equal(1, root.GetProperty("events").GetInt32());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("ruleId").GetString() == "CCA487");
        Assert.Contains("project_settings", finding.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, report.Out, StringComparison.Ordinal);
        var store = File.ReadAllBytes(_dir.Combine("data", "ccaudit", "ccaudit.db"))
            .Concat(ReadIfExists(_dir.Combine("data", "ccaudit", "ccaudit.db-wal"))).ToArray();
        Assert.Equal(-1, System.Text.Encoding.UTF8.GetString(store).IndexOf(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Activity_TelemetryStore_JoinsTheStoresSessions_AndAMissingStoreIsAUsageError()
    {
        var home = _dir.Combine("home");
        Directory.CreateDirectory(Path.Combine(home, ".claude", "projects"));
        var missing = await CliRunner.RunAsync("activity", "--home", home, "--telemetry-store", _dir.Combine("nope.db"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--telemetry-store", missing.Error, StringComparison.Ordinal);

        var store = _dir.Combine("t.db");
        await using (var telemetry = await Core.Monitoring.SqliteTelemetryStore.OpenAsync(store, Token))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var prompt = new Core.Monitoring.TelemetryEvent(now, "log", "user_prompt", "only-in-telemetry", null, "{}", new Dictionary<string, string>());
            await telemetry.AppendAsync([prompt], 0, Token);
        }

        var joined = await CliRunner.RunAsync("activity", "--home", home, "--telemetry-store", store, "--format", "json");
        Assert.Equal(0, joined.ExitCode);
        var session = Assert.Single(JsonDocument.Parse(joined.Out).RootElement.GetProperty("telemetry").EnumerateArray());
        Assert.Equal(("only-in-telemetry", "telemetry", false),
            (session.GetProperty("session").GetString(), session.GetProperty("seen").GetString(),
                session.GetProperty("agree").GetBoolean()));
        var plain = await CliRunner.RunAsync("activity", "--home", home, "--format", "json");
        Assert.False(JsonDocument.Parse(plain.Out).RootElement.TryGetProperty("telemetry", out _));
    }

    private static byte[] ReadIfExists(string path) => File.Exists(path) ? File.ReadAllBytes(path) : [];

    [Theory]
    [InlineData("0.0.0.0:0")]
    [InlineData("[::]:0")]
    public async Task Serve_OffLoopbackWithoutTokenOrMtls_IsAUsageError(string listen)
    {
        var store = _dir.Combine("s.db");
        var result = await CliRunner.RunAsync("monitor", "serve", "--listen", listen, "--grpc-listen", "none", "--store", store);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--token", result.Error, StringComparison.Ordinal);
        var shortToken = await CliRunner.RunAsync("monitor", "serve", "--listen", listen, "--token", "short", "--store", store);
        Assert.Equal(2, shortToken.ExitCode);
        var grpcOff = await CliRunner.RunAsync("monitor", "serve", "--grpc-listen", "0.0.0.0:0", "--store", store);
        Assert.Equal(2, grpcOff.ExitCode);
    }

    [Fact]
    public async Task Serve_SigtermUnderLoad_ExitsAndKeepsEveryAcknowledgedEvent()
    {
        var port = FreePort();
        var store = _dir.Combine("serve.db");
        string[] serve = [Cli, "monitor", "serve", "--listen", $"127.0.0.1:{port}", "--grpc-listen", "none", "--store", store];
        var start = new ProcessStartInfo("dotnet", serve)
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        start.Environment["XDG_DATA_HOME"] = _dir.Combine("data");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(Token);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilServingAsync(client);

        var body = Export(50);
        long acknowledged = 0;
        using var stop = new CancellationTokenSource();
        var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
                    using var response = await client.PostAsync("/v1/logs", content, CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Add(ref acknowledged, 50);
                    }
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        })).ToList();
        await Task.Delay(1500, Token);
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Token);
        }

        using var exit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        exit.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(exit.Token);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        var log = await error;
        Assert.Contains("shutting down", log, StringComparison.Ordinal);
        var report = await CliRunner.RunAsync("monitor", "report", "--store", store, "--format", "json");
        var stored = JsonDocument.Parse(report.Out).RootElement.GetProperty("events").GetInt32();
        Assert.True(acknowledged > 0, log);
        Assert.True(stored >= acknowledged, $"{acknowledged} acknowledged, {stored} stored\n{log}");
    }

    private static async Task WaitUntilServingAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var health = await client.GetAsync("/healthz", Token);
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }

            await Task.Delay(200, Token);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static byte[] Export(int records)
    {
        var scope = new ScopeLogs();
        for (var i = 0; i < records; i++)
        {
            scope.LogRecords.Add(new LogRecord
            {
                TimeUnixNano = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL,
                Body = new AnyValue { StringValue = "claude_code.tool_decision" },
                Attributes = { new KeyValue { Key = "session.id", Value = new AnyValue { StringValue = "s-" + (i % 3) } } },
            });
        }

        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { ScopeLogs = { scope } } } }.ToByteArray();
    }
}
