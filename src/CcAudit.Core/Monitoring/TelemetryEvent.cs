namespace CcAudit.Core.Monitoring;

/// <summary>
/// One thing Claude Code reported, as the store keeps it: a log event, a metric data point, a span, or a hook payload
/// <c>monitor record</c> appended. Attribute values are flattened to strings (arrays and maps as JSON) and already redacted.
/// </summary>
/// <param name="TimeMs">When it happened (the record's own time, else when it was received), Unix milliseconds.</param>
/// <param name="Signal"><c>log</c>, <c>metric</c>, <c>span</c> or <c>hook</c>.</param>
/// <param name="Name">The event name without the <c>claude_code.</c> prefix, the metric or span name, or the hook event.</param>
/// <param name="SessionId">The <c>session.id</c> attribute, the key that joins telemetry to transcripts.</param>
/// <param name="Value">A metric point's value (histograms: the sum); null for other signals.</param>
/// <param name="Resource">The resource attributes as a JSON object (shared by every event of one export).</param>
/// <param name="Attributes">The record's own attributes.</param>
public sealed record TelemetryEvent(
    long TimeMs,
    string Signal,
    string Name,
    string? SessionId,
    double? Value,
    string Resource,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const string Log = "log";
    public const string Metric = "metric";
    public const string Span = "span";
    public const string Hook = "hook";

    /// <summary>
    /// <see cref="Attributes"/> as the JSON the store keeps, when the decoder already wrote it: the receiver encodes on
    /// the request threads, in parallel, so the single store writer only copies rows.
    /// </summary>
    internal string? EncodedAttributes { get; init; }

    public string? Attribute(string key) => Attributes.TryGetValue(key, out var value) ? value : null;
}
