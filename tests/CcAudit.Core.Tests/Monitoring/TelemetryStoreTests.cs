using System.Net;
using System.Net.Http.Headers;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace CcAudit.Core.Tests.Monitoring;

/// <summary>Both telemetry stores (SQLite and the real PostgreSQL ./test.sh starts) round-trip, prune, and fail loudly.</summary>
public sealed class TelemetryStoreTests
{
    private const long Day = 86_400_000;

    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static string Fixture(string name) => TestEnvironment.TestData("Monitoring", "claude-2.1.328", name);

    private static async Task<ITelemetryStore> OpenAsync(string kind, TempDir dir) => kind == "sqlite"
        ? await SqliteTelemetryStore.OpenAsync(Path.Combine(dir.Path, "store.db"), Token)
        : await PostgresTelemetryStore.OpenAsync(TestEnvironment.PostgresConnectionString, "t_" + Guid.NewGuid().ToString("N")[..12],
            Token);

    private static async Task<List<TelemetryEvent>> ReadAsync(ITelemetryStore store, long? since = null, long? until = null)
    {
        var list = new List<TelemetryEvent>();
        await foreach (var e in store.ReadAsync(since, until, Token))
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>Events of every shape: nulls, quotes and non-ASCII in attributes, and a count that ends mid-statement.</summary>
    private static List<TelemetryEvent> Events(int count, long startMs) => [.. Enumerable.Range(0, count).Select(i => new TelemetryEvent(
        startMs + i,
        i % 3 == 0 ? TelemetryEvent.Metric : TelemetryEvent.Log,
        "tool_decision",
        i % 5 == 0 ? null : $"session-{i % 7}",
        i % 3 == 0 ? i * 0.5 : null,
        "{\"team\":\"platform\"}",
        new Dictionary<string, string>
        {
            ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture), ["text"] = $"\"quoted\" \\ é✓ {i}",
        }))];

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Append_KeepsEveryFieldInOrder_AcrossStatementBoundaries_AndPruneAndBoundsCut(string kind)
    {
        using var dir = new TempDir();
        await using var store = await OpenAsync(kind, dir);
        // The real binary's export (its records carry their own times), and 159 older events of every shape.
        var decoded = OtlpDecoder.Decode("logs", await File.ReadAllBytesAsync(Fixture("protobuf-1-logs.pb"), Token), json: false, 0).Events;
        var start = decoded.Min(e => e.TimeMs) - Day;
        var events = Events(159, start);
        // 8 rows per SQLite statement: 1, 8, 150 (18 full statements and a remainder of 6), then the decoded export.
        await store.AppendAsync(events[..1], start, Token);
        await store.AppendAsync(events[1..9], start, Token);
        await store.AppendAsync(events[9..], start, Token);
        await store.AppendAsync(decoded, start, Token);

        var back = await ReadAsync(store);
        Assert.Equal(159 + decoded.Count, back.Count);
        Assert.Equal(159 + decoded.Count, await store.CountAsync(Token));
        var mine = back.Where(e => e.Attributes.ContainsKey("text")).ToList();
        Assert.Equal(events.Count, mine.Count);
        foreach (var (expected, actual) in events.Zip(mine))
        {
            Assert.Equal((expected.TimeMs, expected.Signal, expected.Name, expected.SessionId, expected.Value, expected.Resource),
                (actual.TimeMs, actual.Signal, actual.Name, actual.SessionId, actual.Value, actual.Resource));
            Assert.Equal(expected.Attributes, actual.Attributes);
        }

        // The decoder's pre-encoded attributes come back as the decoder read them (same time: insertion order).
        var theirs = back.Where(e => !e.Attributes.ContainsKey("text")).ToList();
        Assert.Equal(decoded.OrderBy(e => e.TimeMs).Select(e => (e.Name, e.SessionId)), theirs.Select(e => (e.Name, e.SessionId)));
        Assert.All(decoded.OrderBy(e => e.TimeMs).Zip(theirs), pair => Assert.Equal(pair.First.Attributes, pair.Second.Attributes));
        Assert.Contains(theirs, e => e.Attributes.Count > 5);

        Assert.Equal(10, (await ReadAsync(store, start + 5, start + 15)).Count);
        Assert.Equal(50, await store.PruneAsync(start + 50, Token));
        Assert.Equal(start + 50, (await ReadAsync(store)).Min(e => e.TimeMs));
    }

    [Fact]
    public async Task Receiver_IntoPostgres_ConcurrentExports_ThroughBothWriters_StoreEveryEventOnce()
    {
        using var dir = new TempDir();
        await using var store = await OpenAsync("postgres", dir);
        Assert.Equal(2, store.Writers);
        await using var receiver = await OtlpReceiver.StartAsync(new ReceiverOptions(Loopback), store, cancellationToken: Token);
        using var client = new HttpClient { BaseAddress = new Uri(receiver.Addresses[0]) };
        var files = new[] { "protobuf-1-logs.pb", "protobuf-4-logs.pb", "protobuf-5-logs.pb" };
        var bodies = await Task.WhenAll(files.Select(f => File.ReadAllBytesAsync(Fixture(f), Token)));
        var expected = 10 * bodies.Sum(b => OtlpDecoder.Decode("logs", b, json: false, 0).Events.Count);

        var statuses = await Task.WhenAll(Enumerable.Range(0, 10).SelectMany(_ => bodies).Select(async body =>
        {
            using var response = await PostAsync(client, body);
            return response.StatusCode;
        }));

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.True(expected > 30);
        Assert.Equal(expected, await store.CountAsync(Token));
        Assert.Equal(expected, (await ReadAsync(store)).Count);
    }

    [Fact]
    public async Task Receiver_RetentionDays_PrunesWhatIsOlderAtStart_AndZeroKeepsEverything()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "store.db");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using (var seed = await SqliteTelemetryStore.OpenAsync(path, Token))
        {
            await seed.AppendAsync([.. Events(3, now - (100 * Day)), .. Events(2, now - (10 * Day))], now, Token);
        }

        await using (var keep = await SqliteTelemetryStore.OpenAsync(path, Token))
        await using (await OtlpReceiver.StartAsync(new ReceiverOptions(Loopback, RetentionDays: 0), keep, cancellationToken: Token))
        {
            await Task.Delay(300, Token);
            Assert.Equal(5, await keep.CountAsync(Token));
        }

        await using var store = await SqliteTelemetryStore.OpenAsync(path, Token);
        await using (await OtlpReceiver.StartAsync(new ReceiverOptions(Loopback, RetentionDays: 30), store, cancellationToken: Token))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await store.CountAsync(Token) != 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Token);
            }

            Assert.Equal(2, await store.CountAsync(Token));
            Assert.All(await ReadAsync(store), e => Assert.True(e.TimeMs > now - (30 * Day)));
        }
    }

    [Fact]
    public async Task StoreThatFailsToCommit_Is503WithRetryAfter_NothingIsAcknowledged_AndTheServerKeepsServing()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "store.db");
        await using var store = await SqliteTelemetryStore.OpenAsync(path, Token);
        await using var receiver = await OtlpReceiver.StartAsync(new ReceiverOptions(Loopback), store, cancellationToken: Token);
        using var client = new HttpClient { BaseAddress = new Uri(receiver.Addresses[0]) };
        var body = await File.ReadAllBytesAsync(Fixture("protobuf-1-logs.pb"), Token);

        // Another process breaks the store under the receiver: the table is renamed away.
        await using (var other = new SqliteConnection($"Data Source={path}"))
        {
            await other.OpenAsync(Token);
            await using var rename = other.CreateCommand();
            rename.CommandText = "ALTER TABLE telemetry_events RENAME TO telemetry_gone";
            await rename.ExecuteNonQueryAsync(Token);
        }

        using (var failed = await PostAsync(client, body))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
            Assert.NotNull(failed.Headers.RetryAfter);
            Assert.Contains("failed to commit", await failed.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        await using (var other = new SqliteConnection($"Data Source={path}"))
        {
            await other.OpenAsync(Token);
            await using var rename = other.CreateCommand();
            rename.CommandText = "ALTER TABLE telemetry_gone RENAME TO telemetry_events";
            await rename.ExecuteNonQueryAsync(Token);
        }

        using var stored = await PostAsync(client, body);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.True(await store.CountAsync(Token) > 0);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        return await client.PostAsync("/v1/logs", content, Token);
    }
}
