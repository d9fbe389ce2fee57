using CcAudit.Core.Monitoring.Otlp;
using Grpc.Core;

namespace CcAudit.Core.Monitoring;

/// <summary>OTLP/gRPC: the three collector services, each storing through the same <see cref="IngestQueue"/> as OTLP/HTTP.</summary>
public static class OtlpGrpcServices
{
    public sealed record Context(IngestQueue Queue, string? Token);

    private static async Task StoreAsync(Context context, ServerCallContext call, Func<long, OtlpBatch> decode)
    {
        if (!OtlpReceiver.Authorized(call.RequestHeaders.GetValue("authorization"), context.Token))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "missing or wrong bearer token"));
        }

        var receivedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var outcome = await context.Queue.SubmitAsync(decode(receivedMs).Events, receivedMs);
        if (outcome != IngestOutcome.Stored)
        {
            // UNAVAILABLE is the retryable code of the OTLP specification for a receiver that cannot take the data now.
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, outcome == IngestOutcome.Busy ? "the store is behind; retry later" : "not stored; retry later"));
        }
    }

    public sealed class Logs(Context queue) : Otlp.LogsService.LogsServiceBase
    {
        public override async Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context)
        {
            await StoreAsync(queue, context, ms => OtlpDecoder.FromLogs(request, ms));
            return new ExportLogsServiceResponse();
        }
    }

    public sealed class Metrics(Context queue) : Otlp.MetricsService.MetricsServiceBase
    {
        public override async Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            OtlpBatch? batch = null;
            await StoreAsync(queue, context, ms => batch = OtlpDecoder.FromMetrics(request, ms));
            return batch is { Rejected: > 0 }
                ? new ExportMetricsServiceResponse { PartialSuccess = new ExportMetricsPartialSuccess { RejectedDataPoints = batch.Rejected, ErrorMessage = batch.Problem ?? string.Empty } }
                : new ExportMetricsServiceResponse();
        }
    }

    public sealed class Traces(Context queue) : Otlp.TraceService.TraceServiceBase
    {
        public override async Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            await StoreAsync(queue, context, ms => OtlpDecoder.FromTraces(request, ms));
            return new ExportTraceServiceResponse();
        }
    }
}
