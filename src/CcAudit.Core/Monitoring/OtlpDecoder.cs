using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Activity;
using CcAudit.Core.Monitoring.Otlp;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace CcAudit.Core.Monitoring;

/// <summary>What one export request held: the events to store, how many records were refused, and why.</summary>
public sealed record OtlpBatch(IReadOnlyList<TelemetryEvent> Events, long Rejected, string? Problem)
{
    public static OtlpBatch Invalid(string problem) => new([], 0, problem);
}

/// <summary>
/// Turns an OTLP export body (protobuf or the OTLP JSON mapping) into <see cref="TelemetryEvent"/>s. The wire format is
/// decoded by Google.Protobuf from the generated messages; bad input is a problem text, never an exception to the caller.
/// </summary>
public static class OtlpDecoder
{
    private static readonly JsonParser Json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true).WithRecursionLimit(64));

    // OTLP JSON writes these bytes fields as hex, where the protobuf JSON mapping expects base64 (OTLP spec, JSON encoding).
    private static readonly HashSet<string> HexFields = new(StringComparer.Ordinal) { "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id" };

    /// <summary>Signals by path: <c>logs</c>, <c>metrics</c>, <c>traces</c>.</summary>
    public static OtlpBatch Decode(string signal, ReadOnlySpan<byte> body, bool json, long receivedMs)
    {
        try
        {
            return signal switch
            {
                "logs" => FromLogs(json ? ParseJson<ExportLogsServiceRequest>(body) : ExportLogsServiceRequest.Parser.ParseFrom(body), receivedMs),
                "metrics" => FromMetrics(json ? ParseJson<ExportMetricsServiceRequest>(body) : ExportMetricsServiceRequest.Parser.ParseFrom(body), receivedMs),
                "traces" => FromTraces(json ? ParseJson<ExportTraceServiceRequest>(body) : ExportTraceServiceRequest.Parser.ParseFrom(body), receivedMs),
                _ => OtlpBatch.Invalid($"unknown signal '{signal}'"),
            };
        }
        catch (InvalidProtocolBufferException e)
        {
            return OtlpBatch.Invalid("malformed protobuf: " + e.Message);
        }
        catch (InvalidJsonException e)
        {
            return OtlpBatch.Invalid("malformed OTLP JSON: " + e.Message);
        }
        catch (JsonException e)
        {
            return OtlpBatch.Invalid("malformed JSON: " + e.Message);
        }
        catch (FormatException e)
        {
            return OtlpBatch.Invalid("malformed OTLP JSON value: " + e.Message);
        }
    }

    public static OtlpBatch FromLogs(ExportLogsServiceRequest request, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new List<TelemetryEvent>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var resource = ResourceJson(resourceLogs.Resource?.Attributes);
            foreach (var record in resourceLogs.ScopeLogs.SelectMany(s => s.LogRecords))
            {
                var attributes = Flatten(record.Attributes);
                var name = EventName(record, attributes);
                var time = Millis(record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano, receivedMs);
                events.Add(Event(time, TelemetryEvent.Log, name, null, resource, attributes));
            }
        }

        return new OtlpBatch(events, 0, null);
    }

    public static OtlpBatch FromMetrics(ExportMetricsServiceRequest request, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new List<TelemetryEvent>();
        long rejected = 0;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = ResourceJson(resourceMetrics.Resource?.Attributes);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(s => s.Metrics))
            {
                IEnumerable<(RepeatedField<KeyValue> Attributes, ulong Time, double? Value)>? points = metric.DataCase switch
                {
                    Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, NumberValue(p))),
                    Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, NumberValue(p))),
                    Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Select(p => (p.Attributes, p.TimeUnixNano, (double?)(p.HasSum ? p.Sum : p.Count))),
                    _ => null,
                };
                if (points is null)
                {
                    rejected++;
                    continue;
                }

                foreach (var (pointAttributes, time, value) in points)
                {
                    var attributes = Flatten(pointAttributes);
                    events.Add(Event(Millis(time, receivedMs), TelemetryEvent.Metric, metric.Name, value, resource, attributes));
                }
            }
        }

        return new OtlpBatch(events, rejected, rejected > 0 ? $"{rejected} metrics of a kind ccaudit does not store (exponential histogram or summary)" : null);
    }

    public static OtlpBatch FromTraces(ExportTraceServiceRequest request, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(request);
        var events = new List<TelemetryEvent>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resource = ResourceJson(resourceSpans.Resource?.Attributes);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(s => s.Spans))
            {
                var attributes = Flatten(span.Attributes);
                attributes["trace_id"] = Convert.ToHexStringLower(span.TraceId.Span);
                attributes["span_id"] = Convert.ToHexStringLower(span.SpanId.Span);
                if (!span.ParentSpanId.IsEmpty)
                {
                    attributes["parent_span_id"] = Convert.ToHexStringLower(span.ParentSpanId.Span);
                }

                var durationMs = span.EndTimeUnixNano > span.StartTimeUnixNano ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / 1e6 : 0;
                var start = Millis(span.StartTimeUnixNano, receivedMs);
                events.Add(Event(start, TelemetryEvent.Span, span.Name, durationMs, resource, attributes));
            }
        }

        return new OtlpBatch(events, 0, null);
    }

    /// <summary>A flattened attribute value: strings as they are (secrets redacted), scalars invariant, arrays and maps as JSON.</summary>
    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => Redact(value.StringValue),
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.BytesValue => Convert.ToHexStringLower(value.BytesValue.Span),
        AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue => ToNode(value)!.ToJsonString(),
        _ => string.Empty,
    };

    /// <summary>
    /// Every string that reaches the store goes through the activity normaliser, which redacts what the secret scanner
    /// validates. Short values cannot hold a credential the scanner knows, so they skip the scan.
    /// </summary>
    internal static string Redact(string text) => text.Length < 16 ? text : CommandClassifier.Normalise(text);

    private static TelemetryEvent Event(
        long time, string signal, string name, double? value, string resource, Dictionary<string, string> attributes) =>
        new(time, signal, name, attributes.GetValueOrDefault("session.id"), value, resource, attributes)
        {
            EncodedAttributes = TelemetryStore.EncodeAttributes(attributes),
        };

    private static T ParseJson<T>(ReadOnlySpan<byte> body)
        where T : IMessage<T>, new()
    {
        var node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) ?? throw new FormatException("empty body");
        HexToBase64(node, 0);
        return Json.Parse<T>(node.ToJsonString());
    }

    private static void HexToBase64(JsonNode node, int depth)
    {
        if (depth > 64)
        {
            throw new FormatException("nested too deeply");
        }

        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                if (HexFields.Contains(key) && child is JsonValue v && v.TryGetValue<string>(out var hex))
                {
                    obj[key] = hex.Length == 0 ? string.Empty : Convert.ToBase64String(Convert.FromHexString(hex));
                }
                else if (child is not null)
                {
                    HexToBase64(child, depth + 1);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array.OfType<JsonNode>())
            {
                HexToBase64(child, depth + 1);
            }
        }
    }

    private static string EventName(LogRecord record, Dictionary<string, string> attributes)
    {
        var raw = attributes.GetValueOrDefault("event.name") ?? (record.EventName.Length > 0 ? record.EventName : Text(record.Body));
        return raw.StartsWith("claude_code.", StringComparison.Ordinal) ? raw["claude_code.".Length..] : raw;
    }

    private static double? NumberValue(NumberDataPoint point) => point.ValueCase switch
    {
        NumberDataPoint.ValueOneofCase.AsDouble => point.AsDouble,
        NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
        _ => null,
    };

    private static long Millis(ulong unixNano, long fallbackMs) => unixNano == 0 ? fallbackMs : (long)(unixNano / 1_000_000UL);

    private static Dictionary<string, string> Flatten(RepeatedField<KeyValue>? attributes)
    {
        var map = new Dictionary<string, string>(attributes?.Count ?? 0, StringComparer.Ordinal);
        foreach (var pair in attributes ?? [])
        {
            map[pair.Key] = Text(pair.Value);
        }

        return map;
    }

    private static string ResourceJson(RepeatedField<KeyValue>? attributes)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in Flatten(attributes).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            obj[key] = value;
        }

        return obj.ToJsonString();
    }

    private static JsonNode? ToNode(AnyValue value) => value.ValueCase switch
    {
        AnyValue.ValueOneofCase.ArrayValue => new JsonArray([.. value.ArrayValue.Values.Select(ToNode)]),
        AnyValue.ValueOneofCase.KvlistValue => new JsonObject(value.KvlistValue.Values.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        AnyValue.ValueOneofCase.None => null,
        _ => JsonValue.Create(Text(value)),
    };

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
