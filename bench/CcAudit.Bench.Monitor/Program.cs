using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Monitoring.Otlp;
using Google.Protobuf;

// A bounded loopback load generator against `monitor serve`, in two shapes per store:
// - saturation (closed loop): C clients POST OTLP/HTTP protobuf log exports of B tool_decision records (the attributes
//   Claude Code 2.1.328 sends) back to back for D seconds: the most the receiver commits;
// - target rate (open loop): requests of R records are sent on a fixed schedule that offers the target rate (20,000
//   events/s to SQLite, 50,000/s to PostgreSQL), at most 512 in flight; latency is measured from each request's
//   scheduled time, so a receiver that falls behind is charged for the wait (no coordinated omission).
// Usage: CcAudit.Bench.Monitor [--clients 16] [--batch 200] [--rate-batch 100] [--seconds 8] [--postgres CONNECTION]
var clients = Arg("--clients", 16);
var batch = Arg("--batch", 200);
var rateBatch = Arg("--rate-batch", 100);
var seconds = Arg("--seconds", 8);
var postgres = args.SkipWhile(a => a != "--postgres").Skip(1).FirstOrDefault();
var body = Export(batch).ToByteArray();
var rateBody = Export(rateBatch).ToByteArray();
Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {LoadAverage()}, {Environment.ProcessorCount} cores");
Console.WriteLine($"saturation: {clients} clients x {batch} records ({body.Length} bytes); "
    + $"target rate: {rateBatch} records a request ({rateBody.Length} bytes); {seconds} s each");

var dir = Directory.CreateTempSubdirectory("ccaudit-bench-monitor-").FullName;
try
{
    await using (var sqlite = await SqliteTelemetryStore.OpenAsync(Path.Combine(dir, "bench.db")))
    {
        await RunAsync("SQLite", sqlite, 20_000);
    }

    if (postgres is not null)
    {
        var schema = "bench_monitor_" + Guid.NewGuid().ToString("N")[..8];
        await using var pg = await PostgresTelemetryStore.OpenAsync(postgres, schema);
        await RunAsync("PostgreSQL", pg, 50_000);
    }
}
finally
{
    Directory.Delete(dir, recursive: true);
}

Console.WriteLine($"load average at the end {LoadAverage()}");

async Task RunAsync(string name, ITelemetryStore store, int target)
{
    var options = new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), RequestsPerSecond: 1_000_000, MaxQueuedEvents: 2_000_000);
    await using var receiver = await OtlpReceiver.StartAsync(options, store);
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 })
    {
        BaseAddress = new Uri(receiver.Addresses[0]),
    };
    // Warm-up (10 s): a server runs for days, so the figures are taken once the JIT has reached its final tier (on a
    // loaded machine its instrumented tier alone doubled the CPU per event), with connections open and pages cached.
    await ClosedAsync(http, TimeSpan.FromSeconds(10), []);
    await Measure($"{name} saturation", store, () => ClosedAsync(http, TimeSpan.FromSeconds(seconds), []), batch);
    await Measure($"{name} at {target:N0}/s offered", store, () => OpenAsync(http, target, TimeSpan.FromSeconds(seconds)), rateBatch);
}

async Task Measure(string label, ITelemetryStore store, Func<Task<(List<double> Latencies, int Refused)>> load, int records)
{
    var before = await store.CountAsync();
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    var (latencies, refused) = await load();
    wall.Stop();
    var stored = await store.CountAsync() - before;
    cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
    latencies.Sort();
    double P(double q) =>
        latencies.Count == 0 ? double.NaN : latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{label}: {stored / wall.Elapsed.TotalSeconds:N0} events/s stored ({stored:N0} events, "
        + $"{latencies.Count:N0} acknowledged x {records}, {refused} refused "
        + $"or not sent); ack p50 {P(0.50):F1} ms, p99 {P(0.99):F1} ms, max {(latencies.Count == 0 ? double.NaN : latencies[^1]):F1} ms; "
        + $"process CPU {cpu.TotalSeconds / wall.Elapsed.TotalSeconds:F2} cores"));
}

async Task<(List<double>, int)> ClosedAsync(HttpClient http, TimeSpan duration, List<double> latencies)
{
    var refused = 0;
    var end = DateTime.UtcNow + duration;
    await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
    {
        var mine = new List<double>();
        while (DateTime.UtcNow < end)
        {
            var started = Stopwatch.GetTimestamp();
            if (await PostAsync(http, body))
            {
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
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
    return (latencies, refused);
}

async Task<(List<double>, int)> OpenAsync(HttpClient http, int rate, TimeSpan duration)
{
    var latencies = new List<double>();
    var refused = 0;
    var inFlight = new SemaphoreSlim(512);
    var sends = new List<Task>();
    var perSecond = (double)rate / rateBatch;
    var total = (int)(perSecond * duration.TotalSeconds);
    var clock = Stopwatch.StartNew();
    for (var k = 0; k < total; k++)
    {
        var scheduled = k / perSecond * 1000;
        var wait = scheduled - clock.Elapsed.TotalMilliseconds;
        if (wait > 1)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(wait));
        }

        if (!inFlight.Wait(0))
        {
            // The bound: a receiver this far behind is charged a refusal, not an ever-growing backlog of sends.
            Interlocked.Increment(ref refused);
            continue;
        }

        sends.Add(Task.Run(async () =>
        {
            try
            {
                var ok = await PostAsync(http, rateBody);
                var ms = clock.Elapsed.TotalMilliseconds - scheduled;
                lock (latencies)
                {
                    if (ok)
                    {
                        latencies.Add(ms);
                    }
                    else
                    {
                        refused++;
                    }
                }
            }
            finally
            {
                inFlight.Release();
            }
        }));
    }

    await Task.WhenAll(sends);
    return (latencies, refused);
}

static async Task<bool> PostAsync(HttpClient http, byte[] payload)
{
    using var content = new ByteArrayContent(payload);
    content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
    using var response = await http.PostAsync("/v1/logs", content);
    return response.StatusCode == HttpStatusCode.OK;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

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
