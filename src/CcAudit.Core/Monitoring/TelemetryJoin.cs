using CcAudit.Core.Activity;

namespace CcAudit.Core.Monitoring;

/// <summary><c>activity --telemetry-store</c>: the period's sessions as the transcripts and the telemetry store tell them.</summary>
public static class TelemetryJoin
{
    /// <summary>Store events are already redacted; the transcripts side is read from <paramref name="configDirs"/>.</summary>
    public static async Task<IReadOnlyList<SessionAgreement>> JoinAsync(
        string store, IEnumerable<string> configDirs, ActivityOptions options, IReadOnlyDictionary<string, string?> environment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var since = options.Since is { } s ? new DateTimeOffset(s.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var until = options.Until is { } u ? new DateTimeOffset(u.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)) : (DateTimeOffset?)null;
        var transcripts = TranscriptSide.Read(configDirs.Distinct(StringComparer.Ordinal), since, until);
        await using var telemetry = await TelemetryStore.OpenAsync(store, environment, cancellationToken);
        var events = new List<TelemetryEvent>();
        await foreach (var e in telemetry.ReadAsync(since?.ToUnixTimeMilliseconds(), until?.ToUnixTimeMilliseconds(), cancellationToken))
        {
            events.Add(e);
        }

        return SessionJoin.Compare(transcripts, events);
    }
}
