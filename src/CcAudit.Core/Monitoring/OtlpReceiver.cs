using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading.RateLimiting;
using CcAudit.Core.Monitoring.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CcAudit.Core.Monitoring;

/// <summary>
/// <c>monitor serve</c>: an OTLP receiver on Kestrel. OTLP/HTTP (<c>/v1/logs</c>, <c>/v1/metrics</c>, <c>/v1/traces</c>,
/// protobuf or JSON, optionally gzip) and OTLP/gRPC; every event goes through the <see cref="IngestQueue"/> into the
/// store and is acknowledged only once committed. Refusals are OTLP's retryable codes: 429 (rate) and 503 (queue
/// full, store down, shutting down), each with Retry-After; a malformed body is a 400 and never ends the server.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IngestQueue _queue;
    private readonly ITelemetryStore _store;
    private readonly CancellationTokenSource _retention = new();
    private Task _retentionTask = Task.CompletedTask;
    private int _captured;

    private OtlpReceiver(WebApplication app, IngestQueue queue, ITelemetryStore store)
    {
        _app = app;
        _queue = queue;
        _store = store;
    }

    public IngestQueue Queue => _queue;

    /// <summary>The addresses actually bound (a port 0 resolved), HTTP first.</summary>
    public IReadOnlyList<string> Addresses => [.. _app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses];

    /// <summary>Starts serving; throws <see cref="ArgumentException"/> for options <see cref="ReceiverOptions.Problem"/> refuses.</summary>
    public static async Task<OtlpReceiver> StartAsync(ReceiverOptions options, ITelemetryStore store, Func<HttpContext, Task>? dashboard = null,
        TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        var queue = new IngestQueue(store, options.MaxQueuedEvents);
        if (options.CaptureDirectory is { } capture)
        {
            Directory.CreateDirectory(capture);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        if (log is not null)
        {
            builder.Logging.AddProvider(new WriterLoggerProvider(log)).SetMinimumLevel(LogLevel.Warning);
        }

        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddGrpc(g =>
        {
            g.MaxReceiveMessageSize = (int)Math.Min(int.MaxValue, options.MaxDecodedBytes);
            g.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(new OtlpGrpcServices.Context(queue, options.Token));
        builder.Services.AddRateLimiter(r =>
        {
            r.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unix",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.RequestsPerSecond,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            r.OnRejected = (rejected, _) =>
            {
                rejected.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                return ValueTask.CompletedTask;
            };
        });
        builder.WebHost.ConfigureKestrel(kestrel => ConfigureKestrel(kestrel, options));
        var app = builder.Build();
        app.UseRateLimiter();
        var receiver = new OtlpReceiver(app, queue, store);
        foreach (var signal in new[] { "logs", "metrics", "traces" })
        {
            app.MapPost("/v1/" + signal, context => receiver.HandleAsync(context, signal, options));
        }

        app.MapGrpcService<OtlpGrpcServices.Logs>();
        app.MapGrpcService<OtlpGrpcServices.Metrics>();
        app.MapGrpcService<OtlpGrpcServices.Traces>();
        app.MapGet("/healthz", context => context.Response.WriteAsync($"ok stored={queue.Stored} queued={queue.Queued}\n"));
        if (dashboard is not null)
        {
            app.MapGet("/", dashboard);
        }

        await app.StartAsync(cancellationToken);
        receiver._retentionTask = receiver.RetainAsync(options.RetentionDays, log);
        return receiver;
    }

    /// <summary>Stops taking connections, finishes the requests in flight, then commits everything queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await _retention.CancelAsync();
        await _retentionTask;
        await _app.StopAsync();
        await _queue.DisposeAsync();
        await _app.DisposeAsync();
        _retention.Dispose();
    }

    private static void ConfigureKestrel(KestrelServerOptions kestrel, ReceiverOptions options)
    {
        kestrel.AddServerHeader = false;
        kestrel.Limits.MaxRequestBodySize = options.MaxBodyBytes;
        kestrel.Limits.MaxRequestHeadersTotalSize = 64 * 1024;
        kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(1024, TimeSpan.FromSeconds(10));
        kestrel.Limits.MaxConcurrentConnections = 4096;
        kestrel.Listen(options.Http, listen =>
        {
            // HTTP/2 on a plain port would need prior knowledge, which OTLP/HTTP exporters do not use.
            listen.Protocols = options.TlsCertificate is null ? HttpProtocols.Http1 : HttpProtocols.Http1AndHttp2;
            UseTls(listen, options);
        });
        if (options.Grpc is { } grpc)
        {
            kestrel.Listen(grpc, listen =>
            {
                // OTLP/gRPC exporters speak HTTP/2 with prior knowledge on a plain port.
                listen.Protocols = options.TlsCertificate is null ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2;
                UseTls(listen, options);
            });
        }

        if (options.UnixSocket is { } socket)
        {
            File.Delete(socket);
            kestrel.ListenUnixSocket(socket, listen => listen.Protocols = HttpProtocols.Http1);
        }

        if (options.GrpcUnixSocket is { } grpcSocket)
        {
            File.Delete(grpcSocket);
            kestrel.ListenUnixSocket(grpcSocket, listen => listen.Protocols = HttpProtocols.Http2);
        }
    }

    private static void UseTls(ListenOptions listen, ReceiverOptions options)
    {
        if (options.TlsCertificate is null)
        {
            return;
        }

        var certificate = X509Certificate2.CreateFromPemFile(options.TlsCertificate, options.TlsKey);
        var ca = options.ClientCa is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.ClientCa);
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = ca is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = ca is null ? null : (client, _, _) => ChainsTo(client, ca),
        });
    }

    private static bool ChainsTo(X509Certificate2 client, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }

    internal static bool Authorized(string? header, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return true;
        }

        var expected = Encoding.UTF8.GetBytes("Bearer " + token);
        var given = Encoding.UTF8.GetBytes(header ?? string.Empty);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    private async Task HandleAsync(HttpContext context, string signal, ReceiverOptions options)
    {
        var response = context.Response;
        if (!Authorized(context.Request.Headers.Authorization, options.Token))
        {
            await PlainAsync(response, StatusCodes.Status401Unauthorized, "missing or wrong bearer token");
            return;
        }

        var contentType = context.Request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var json = contentType == "application/json";
        if (!json && contentType != "application/x-protobuf" && contentType != "application/protobuf")
        {
            await PlainAsync(response, StatusCodes.Status415UnsupportedMediaType, "OTLP/HTTP takes application/x-protobuf or application/json");
            return;
        }

        var (body, status, problem) = await ReadBodyAsync(context, options);
        if (body is null)
        {
            await PlainAsync(response, status, problem!);
            return;
        }

        using (body)
        {
            var receivedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var batch = OtlpDecoder.Decode(signal, body.Span, json, receivedMs);
            if (batch.Problem is not null && batch.Events.Count == 0 && batch.Rejected == 0)
            {
                await PlainAsync(response, StatusCodes.Status400BadRequest, batch.Problem);
                return;
            }

            var outcome = await _queue.SubmitAsync(batch.Events, receivedMs);
            if (outcome != IngestOutcome.Stored)
            {
                response.Headers.RetryAfter = "1";
                await PlainAsync(response, StatusCodes.Status503ServiceUnavailable, outcome switch
                {
                    IngestOutcome.Busy => "the store is behind: too many events queued; retry later",
                    IngestOutcome.ShuttingDown => "the receiver is shutting down; retry later",
                    _ => "the store failed to commit; retry later",
                });
                return;
            }

            if (options.CaptureDirectory is { } capture)
            {
                var name = $"{receivedMs}-{Interlocked.Increment(ref _captured):D6}-{signal}.{(json ? "json" : "pb")}";
                await File.WriteAllBytesAsync(Path.Combine(capture, name), body.Memory, CancellationToken.None);
            }

            await WriteAcknowledgementAsync(response, signal, json, batch);
        }
    }

    private static async Task<(RequestBody? Body, int Status, string? Problem)> ReadBodyAsync(HttpContext context, ReceiverOptions options)
    {
        if (context.Request.ContentLength > options.MaxBodyBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"body over {options.MaxBodyBytes} bytes");
        }

        var encoding = context.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip"))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, $"content encoding '{encoding}' is not supported (gzip or none)");
        }

        RequestBody? raw = null;
        try
        {
            raw = context.Request.ContentLength is { } length
                ? await RequestBody.ReadExactlyAsync(context.Request.Body, (int)length, context.RequestAborted)
                : await ReadLimitedAsync(context.Request.Body, options.MaxBodyBytes, context.RequestAborted);
            if (raw is null)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"body over {options.MaxBodyBytes} bytes");
            }

            if (encoding != "gzip")
            {
                (var body, raw) = (raw, null);
                return (body, 200, null);
            }

            await using var gzip = new GZipStream(raw.Stream(), CompressionMode.Decompress);
            var decoded = await ReadLimitedAsync(gzip, options.MaxDecodedBytes, context.RequestAborted);
            return decoded is null ? (null, StatusCodes.Status413PayloadTooLarge, $"body over {options.MaxDecodedBytes} bytes once decompressed") : (decoded, 200, null);
        }
        catch (InvalidDataException e)
        {
            return (null, StatusCodes.Status400BadRequest, "malformed gzip: " + e.Message);
        }
        catch (EndOfStreamException)
        {
            return (null, StatusCodes.Status400BadRequest, "the body ended before its Content-Length");
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            return (null, e.StatusCode, e.Message);
        }
        finally
        {
            raw?.Dispose();
        }
    }

    private static async Task<RequestBody?> ReadLimitedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return new RequestBody(buffer.ToArray(), (int)buffer.Length, pooled: false);
    }

    private static async Task WriteAcknowledgementAsync(HttpResponse response, string signal, bool json, OtlpBatch batch)
    {
        IMessage message = signal switch
        {
            "logs" => new ExportLogsServiceResponse(),
            "metrics" => batch.Rejected > 0
                ? new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = batch.Rejected, ErrorMessage = batch.Problem ?? string.Empty } }
                : new ExportMetricsServiceResponse(),
            _ => new ExportTraceServiceResponse(),
        };
        response.StatusCode = StatusCodes.Status200OK;
        if (json)
        {
            response.ContentType = "application/json";
            await response.WriteAsync(JsonFormatter.Default.Format(message));
        }
        else
        {
            response.ContentType = "application/x-protobuf";
            await response.Body.WriteAsync(message.ToByteArray());
        }
    }

    private static async Task PlainAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync(message + "\n");
    }

    private async Task RetainAsync(int days, TextWriter? log)
    {
        if (days == 0)
        {
            return;
        }

        try
        {
            while (!_retention.IsCancellationRequested)
            {
                var removed = await _store.PruneAsync(DateTimeOffset.UtcNow.AddDays(-days).ToUnixTimeMilliseconds(), _retention.Token);
                if (removed > 0)
                {
                    log?.WriteLine($"retention: removed {removed} events older than {days} days");
                }

                await Task.Delay(TimeSpan.FromHours(1), _retention.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (System.Data.Common.DbException e)
        {
            log?.WriteLine("retention: " + e.Message);
        }
    }

    /// <summary>
    /// A request body. One of a declared length is read into a pooled array: exports are often above the 85 KB at which
    /// a fresh array would land on the large-object heap, zeroed and collected only with generation 2.
    /// </summary>
    private sealed class RequestBody(byte[] buffer, int length, bool pooled) : IDisposable
    {
        private byte[]? _buffer = buffer;

        public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, length);

        public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, length);

        public static async Task<RequestBody> ReadExactlyAsync(Stream stream, int length, CancellationToken cancellationToken)
        {
            var body = new RequestBody(System.Buffers.ArrayPool<byte>.Shared.Rent(length), length, pooled: true);
            try
            {
                await stream.ReadExactlyAsync(body._buffer.AsMemory(0, length), cancellationToken);
                return body;
            }
            catch
            {
                body.Dispose();
                throw;
            }
        }

        public MemoryStream Stream() => new(_buffer!, 0, length, writable: false);

        public void Dispose()
        {
            if (pooled && Interlocked.Exchange(ref _buffer, null) is { } rented)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new WriterLogger(writer, categoryName);

        public void Dispose()
        {
        }
    }

    private sealed class WriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                lock (writer)
                {
                    writer.WriteLine($"{logLevel}: {category}: {formatter(state, exception)}");
                }
            }
        }
    }
}
