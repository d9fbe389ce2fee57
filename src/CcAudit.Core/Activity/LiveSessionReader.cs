using System.Globalization;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;

namespace CcAudit.Core.Activity;

/// <summary>
/// Reads the live-session registry, <c>sessions/&lt;pid&gt;.json</c>, that Claude Code keeps while a session runs.
/// Only the files are read: the process is never signalled and the messaging socket named in the file never touched,
/// so a stale entry (a crashed session) is reported as it stands.
/// </summary>
internal static class LiveSessionReader
{
    // A registry entry is a few hundred bytes; anything far larger is not one.
    private const long MaxBytes = 1024 * 1024;

    public static List<LiveSession> Read(IEnumerable<string> configDirs, List<Diagnostic> diagnostics)
    {
        var sessions = new List<LiveSession>();
        foreach (var path in configDirs.SelectMany(d => LaunchDirectoryCollector.SafeEnumerate(Path.Combine(d, "sessions"), "*.json", SearchOption.TopDirectoryOnly, diagnostics)))
        {
            var read = JsonFileReader.Read(path, MaxBytes);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Value is not { } file)
            {
                continue;
            }

            if (file.Root.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"a live-session entry must be a JSON object, not {file.Root.ValueKind}; it was skipped", new SourceLocation(path, 1, 1)));
                continue;
            }

            var root = file.Root;
            sessions.Add(new LiveSession(
                Text(root, "cwd") ?? string.Empty,
                Text(root, "sessionId") ?? string.Empty,
                Text(root, "pid") ?? Path.GetFileNameWithoutExtension(path),
                Text(root, "kind"),
                Text(root, "entrypoint"),
                Text(root, "version"),
                Text(root, "status"),
                StartedAt(root)));
        }

        return [.. sessions.OrderBy(s => s.Cwd, StringComparer.Ordinal).ThenBy(s => s.StartedAt).ThenBy(s => s.Pid, StringComparer.Ordinal)];
    }

    // pid is a number and the rest strings today; taking either keeps a format change from dropping a value.
    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    // Milliseconds since the epoch, as Claude Code writes it; an ISO string is accepted too.
    private static DateTimeOffset? StartedAt(JsonElement root)
    {
        if (!root.TryGetProperty("startedAt", out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms is > 0 and < 253402300800000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        return value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null;
    }
}
