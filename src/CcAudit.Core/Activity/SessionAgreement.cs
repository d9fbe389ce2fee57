namespace CcAudit.Core.Activity;

/// <summary>
/// One session as its transcript and its telemetry tell it, side by side: the tool calls and how many were refused,
/// the commands only one side names, the tokens and the prompts. <see cref="Agree"/> is true when both sides saw the
/// session and say the same; any difference is a place where one source is missing something.
/// </summary>
public sealed record SessionAgreement(
    string Session,
    string Seen,
    int TranscriptCalls,
    int TelemetryCalls,
    int TranscriptRefused,
    int TelemetryRefused,
    IReadOnlyList<string> CommandsOnlyInTranscript,
    IReadOnlyList<string> CommandsOnlyInTelemetry,
    long TranscriptInputTokens,
    long TelemetryInputTokens,
    long TranscriptOutputTokens,
    long TelemetryOutputTokens,
    int TranscriptPrompts,
    int TelemetryPrompts)
{
    public const string Both = "transcript+telemetry";

    public bool Agree => Seen == Both && TranscriptCalls == TelemetryCalls && TranscriptRefused == TelemetryRefused
        && CommandsOnlyInTranscript.Count == 0 && CommandsOnlyInTelemetry.Count == 0
        && TranscriptInputTokens == TelemetryInputTokens && TranscriptOutputTokens == TelemetryOutputTokens
        && TranscriptPrompts == TelemetryPrompts;
}
