using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Monitoring.Otlp;
using CcAudit.Core.Tests.TestSupport;
using Google.Protobuf;

namespace CcAudit.Core.Tests.Monitoring;

/// <summary>The receiver over real loopback HTTP with a real SQLite store, fed the real binary's recorded exports and hostile bodies.</summary>
public sealed class OtlpReceiverTests
{
    private static string Fixture(string name) => TestEnvironment.TestData("Monitoring", "claude-2.1.328", name);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(OtlpReceiver Receiver, ITelemetryStore Store, HttpClient Client, TempDir Dir)> StartAsync(ReceiverOptions? options = null)
    {
        var dir = new TempDir();
        var store = await SqliteTelemetryStore.OpenAsync(Path.Combine(dir.Path, "store.db"), Token);
        var receiver = await OtlpReceiver.StartAsync(options ?? new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0)), store, cancellationToken: Token);
        // A loaded machine can take over a second to answer: with the default 1 s 100-continue wait the client would send a
        // refused body anyway and see the connection close instead of the 413.
        var handler = new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(60) };
        var client = new HttpClient(handler) { BaseAddress = new Uri(receiver.Addresses[0]) };
        return (receiver, store, client, dir);
    }

    private static ByteArrayContent Body(byte[] bytes, string type, bool gzip = false)
    {
        if (gzip)
        {
            using var buffer = new MemoryStream();
            using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            bytes = buffer.ToArray();
        }

        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        if (gzip)
        {
            content.Headers.ContentEncoding.Add("gzip");
        }

        return content;
    }

    private static ByteArrayContent NotReallyGzip()
    {
        var content = Body([1, 2, 3], "application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }

    private static async Task<List<TelemetryEvent>> AllAsync(ITelemetryStore store)
    {
        var list = new List<TelemetryEvent>();
        await foreach (var e in store.ReadAsync(null, null, Token))
        {
            list.Add(e);
        }

        return list;
    }

    [Fact]
    public async Task RecordedExports_JsonAndProtobuf_StoreTheSameDecisions()
    {
        var (receiver, store, client, dir) = await StartAsync();
        await using (store)
        await using (receiver)
        using (client)
        using (dir)
        {
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Fixture("x"))!).Where(f => !f.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var signal = file.Contains("logs", StringComparison.Ordinal) ? "logs" : "metrics";
                var json = file.EndsWith(".json", StringComparison.Ordinal);
                using var response = await client.PostAsync("/v1/" + signal, Body(await File.ReadAllBytesAsync(file, Token), json ? "application/json" : "application/x-protobuf", gzip: json), Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(json ? "application/json" : "application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
            }

            var events = await AllAsync(store);
            var sessions = events.Where(e => e.Name == "tool_decision").GroupBy(e => e.SessionId).ToList();
            Assert.Equal(2, sessions.Count);
            static string Decisions(IEnumerable<TelemetryEvent> d) => string.Join(",", d.OrderBy(e => e.Attribute("tool_use_id"), StringComparer.Ordinal).Select(e => e.Attribute("decision")));
            Assert.All(sessions, s => Assert.Equal("accept,reject,accept", Decisions(s)));
            Assert.Equal(6, events.Count(e => e.Name == "tool_decision"));
        }
    }

    [Fact]
    public async Task HostileBodies_AreRefusedWithAClearStatus_AndTheServerKeepsServing()
    {
        var (receiver, store, client, dir) = await StartAsync(new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), MaxBodyBytes: 64 * 1024, MaxDecodedBytes: 256 * 1024));
        await using (store)
        await using (receiver)
        using (client)
        using (dir)
        {
            // With Expect: 100-continue a refused oversize body is never sent, so the 413 always reaches the client.
            client.DefaultRequestHeaders.ExpectContinue = true;
            var cases = new (string Path, HttpContent Content, HttpStatusCode Expected)[]
            {
                ("/v1/logs", Body([0x0a, 0xff, 0xff, 0xff], "application/x-protobuf"), HttpStatusCode.BadRequest),
                ("/v1/logs", Body("{\"resourceLogs\":[{"u8.ToArray(), "application/json"), HttpStatusCode.BadRequest),
                ("/v1/logs", Body("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"zz\"}]}]}]}"u8.ToArray(), "application/json"), HttpStatusCode.BadRequest),
                ("/v1/logs", Body("{\"resourceLogs\":"u8.ToArray().Concat(Enumerable.Repeat((byte)'[', 5000)).ToArray(), "application/json"), HttpStatusCode.BadRequest),
                ("/v1/logs", NotReallyGzip(), HttpStatusCode.BadRequest),
                ("/v1/logs", Body(new byte[300 * 1024], "application/x-protobuf", gzip: true), HttpStatusCode.RequestEntityTooLarge),
                ("/v1/logs", Body(new byte[70 * 1024], "application/x-protobuf"), HttpStatusCode.RequestEntityTooLarge),
                ("/v1/logs", Body("x"u8.ToArray(), "text/plain"), HttpStatusCode.UnsupportedMediaType),
            };
            foreach (var (path, content, expected) in cases)
            {
                using var response = await client.PostAsync(path, content, Token);
                Assert.Equal(expected, response.StatusCode);
            }

            using var good = await client.PostAsync("/v1/logs", Body(await File.ReadAllBytesAsync(Fixture("protobuf-1-logs.pb"), Token), "application/x-protobuf"), Token);
            Assert.Equal(HttpStatusCode.OK, good.StatusCode);
            Assert.True(await store.CountAsync(Token) > 0);
        }
    }

    [Fact]
    public async Task Token_IsRequired_AndANonLoopbackBindWithoutOneIsRefused()
    {
        Assert.NotNull(new ReceiverOptions(new IPEndPoint(IPAddress.Any, 4318)).Problem());
        Assert.Null(new ReceiverOptions(new IPEndPoint(IPAddress.Any, 4318), Token: "0123456789abcdef-token").Problem());
        var (receiver, store, client, dir) = await StartAsync(new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), Token: "0123456789abcdef-token"));
        await using (store)
        await using (receiver)
        using (client)
        using (dir)
        {
            var body = await File.ReadAllBytesAsync(Fixture("protobuf-1-logs.pb"), Token);
            using (var anonymous = await client.PostAsync("/v1/logs", Body(body, "application/x-protobuf"), Token))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            }

            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "0123456789abcdef-token");
            using var authorised = await client.PostAsync("/v1/logs", Body(body, "application/x-protobuf"), Token);
            Assert.Equal(HttpStatusCode.OK, authorised.StatusCode);
        }
    }

    [Fact]
    public async Task BackPressure_FullQueueIs503_RateIs429_BothWithRetryAfter()
    {
        var (receiver, store, client, dir) = await StartAsync(new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), MaxQueuedEvents: 3, RequestsPerSecond: 4));
        await using (store)
        await using (receiver)
        using (client)
        using (dir)
        {
            // The recorded export holds more records than the queue may hold at once.
            var body = await File.ReadAllBytesAsync(Fixture("protobuf-1-logs.pb"), Token);
            using (var busy = await client.PostAsync("/v1/logs", Body(body, "application/x-protobuf"), Token))
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
                Assert.True(busy.Headers.RetryAfter is not null);
            }

            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 8; i++)
            {
                using var response = await client.PostAsync("/v1/traces", Body([], "application/x-protobuf"), Token);
                statuses.Add(response.StatusCode);
            }

            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
            Assert.Contains(HttpStatusCode.OK, statuses);
        }
    }

    [Fact]
    public async Task Shutdown_UnderLoad_KeepsEveryAcknowledgedEvent()
    {
        var (receiver, store, client, dir) = await StartAsync();
        await using (store)
        using (client)
        using (dir)
        {
            var request = new ExportLogsServiceRequest();
            var scope = new ScopeLogs();
            for (var i = 0; i < 50; i++)
            {
                scope.LogRecords.Add(new LogRecord { TimeUnixNano = 1_796_000_000_000_000_000UL, Body = new AnyValue { StringValue = "claude_code.tool_decision" } });
            }

            request.ResourceLogs.Add(new ResourceLogs { ScopeLogs = { scope } });
            var body = request.ToByteArray();
            long acknowledged = 0;
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var response = await client.PostAsync("/v1/logs", Body(body, "application/x-protobuf"), CancellationToken.None);
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
            await Task.Delay(700, Token);
            await receiver.DisposeAsync();
            await stop.CancelAsync();
            await Task.WhenAll(senders);

            var stored = await store.CountAsync(Token);
            Assert.True(acknowledged > 0);
            Assert.True(stored >= acknowledged, $"{acknowledged} acknowledged, {stored} stored");
        }
    }
}
