using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Monitoring.Otlp;
using Google.Protobuf;

// A bounded loopback load generator against `monitor serve`: C clients POST OTLP/HTTP protobuf log exports of B
// tool_decision records (the attributes Claude Code 2.1.328 sends) for D seconds; every request's acknowledge latency
// is recorded. Usage: CcAudit.Bench.Monitor [--clients 16] [--batch 200] [--seconds 10] [--postgres CONNECTION]
var clients = Arg("--clients", 16);
var batch = Arg("--batch", 200);
var seconds = Arg("--seconds", 10);
var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
var body = Export(batch).ToByteArray();
Console.WriteLine($"load: {clients} clients x {batch} log records per request, {seconds} s, body {body.Length} bytes");

var dir = Directory.CreateTempSubdirectory("ccaudit-bench-monitor-").FullName;
try
{
    await using (var sqlite = await SqliteTelemetryStore.OpenAsync(Path.Combine(dir, "bench.db")))
    {
        await RunAsync("SQLite", sqlite);
    }

    if (postgres is not null)
    {
        var schema = "bench_monitor_" + Guid.NewGuid().ToString("N")[..8];
        await using var pg = await PostgresTelemetryStore.OpenAsync(postgres, schema);
        await RunAsync("PostgreSQL", pg);
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

async Task RunAsync(string name, ITelemetryStore store)
{
    var options = new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), RequestsPerSecond: 1_000_000, MaxQueuedEvents: 2_000_000);
    await using var receiver = await OtlpReceiver.StartAsync(options, store);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri(receiver.Addresses[0]) };
    // Warm-up: JIT, connections, the store's first pages.
    await LoadAsync(http, TimeSpan.FromSeconds(2), []);
    var before = await store.CountAsync();
    var latencies = new List<double>();
    var wall = Stopwatch.StartNew();
    var refused = await LoadAsync(http, TimeSpan.FromSeconds(seconds), latencies);
    wall.Stop();
    var stored = await store.CountAsync() - before;
    latencies.Sort();
    double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{name}: {stored / wall.Elapsed.TotalSeconds:N0} events/s acknowledged and stored ({stored:N0} events, {latencies.Count:N0} requests, {refused} refused); "
        + $"ack latency p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {latencies[^1]:F1} ms"));
}

async Task<int> LoadAsync(HttpClient http, TimeSpan duration, List<double> latencies)
{
    var refused = 0;
    var end = DateTime.UtcNow + duration;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        var mine = new List<double>();
        while (DateTime.UtcNow < end)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            var started = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("/v1/logs", content);
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode == HttpStatusCode.OK)
            {
                mine.Add(ms);
            }
            else
            {
                Interlocked.Increment(ref refused);
            }
        }

        lock (latencies)
        {
            latencies.AddRange(mine);
        }
    })));
    return refused;
}

static ExportLogsServiceRequest Export(int records)
{
    static KeyValue S(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
    var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "com.anthropic.claude_code.events", Version = "2.1.328" } };
    var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000UL;
    for (var i = 0; i < records; i++)
    {
        scope.LogRecords.Add(new LogRecord
        {
            TimeUnixNano = now,
            ObservedTimeUnixNano = now,
            Body = new AnyValue { StringValue = "claude_code.tool_decision" },
            Attributes =
            {
                S("team", "platform"), S("user.id", "3f2c466ae1dd5b628b4d62c4da78ff64c140fb4051b25c1f43ead87ce4da0f7c"), S("session.id", $"7842f9df-1219-4353-b471-{i % 50:D12}"),
                S("terminal.type", "non-interactive"), S("event.name", "tool_decision"), S("event.timestamp", "2026-12-04T19:00:44.196Z"),
                S("prompt.id", "4d7d9fe7-5589-44b6-b914-f95cd2eb3cfd"), S("decision", i % 7 == 0 ? "reject" : "accept"), S("source", "config"), S("tool_name", "Bash"),
                S("tool_use_id", $"toolu_{i:D8}"), S("tool_source", "builtin"), S("tool_parameters", "{\"bash_command\":\"npm\",\"full_command\":\"npm run test -- --watch=false\"}"),
                S("permission_mode", "default"),
            },
        });
    }

    var resource = new CcAudit.Core.Monitoring.Otlp.Resource { Attributes = { S("service.name", "claude-code"), S("service.version", "2.1.328"), S("host.name", "bench"), S("team", "platform") } };
    return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = resource, ScopeLogs = { scope } } } };
}

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : fallback;
