using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Activity;

/// <summary>
/// Reads <c>history.jsonl</c> (one line per typed prompt: display, pastedContents, timestamp in ms, project, sessionId).
/// Claude Code's retention sweep never deletes it, so it shows where Claude Code ran long after the transcripts are
/// gone. Only the project and the time are kept: the prompt text may hold anything a person pasted.
/// </summary>
internal static class HistoryReader
{
    public static List<HistoryActivity> Read(IEnumerable<string> files, ActivityOptions options, List<Diagnostic> diagnostics)
    {
        var projects = new Dictionary<string, (int Prompts, DateTimeOffset? First, DateTimeOffset? Last)>(StringComparer.Ordinal);
        foreach (var file in files.Where(File.Exists))
        {
            var faults = new JsonlLineFaults(file, diagnostics);
            JsonlLines.Read(file, options.MaxLineBytes, diagnostics, line =>
            {
                string? project = null;
                DateTimeOffset? at = null;
                try
                {
                    var reader = new Utf8JsonReader(line.Span);
                    if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new JsonException("not an object");
                    }

                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isProject = reader.ValueTextEquals("project"u8);
                        var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                        reader.Read();
                        if (isProject && reader.TokenType == JsonTokenType.String)
                        {
                            project = reader.GetString();
                        }
                        else if (isTimestamp && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms is > 0 and < 253402300800000)
                        {
                            at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                catch (JsonException)
                {
                    faults.Rejected(line);
                    return;
                }

                if (project is not null && options.Includes(at, project))
                {
                    var (prompts, first, last) = projects.GetValueOrDefault(project);
                    projects[project] = (prompts + 1, at is not null && (first is null || at < first) ? at : first, at is not null && (last is null || at > last) ? at : last);
                }
            });
            faults.Finish();
        }

        return [.. projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new HistoryActivity(p.Key, p.Value.Prompts, p.Value.First, p.Value.Last))];
    }
}
