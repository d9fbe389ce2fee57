using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Collects every directory Claude Code was launched in, from every record it keeps (claude-code-surface.md §15.3):
/// <c>~/.claude.json</c> projects keys and githubRepoPaths, history.jsonl <c>project</c> fields, the <c>cwd</c> of
/// transcripts (only their first lines are read) and live sessions/*.json.
/// </summary>
public static class LaunchDirectoryCollector
{
    private const int MaxLineBytes = JsonlLimits.MaxLineBytes;

    /// <summary>One sighting: a recorded path and where it was recorded.</summary>
    public sealed record Sighting(string RecordedPath, string Source);

    public static (IReadOnlyList<Sighting> Sightings, IReadOnlyList<Diagnostic> Diagnostics) Collect(ClaudeHome home, JsonFile? globalConfig, int transcriptHeadLines)
    {
        ArgumentNullException.ThrowIfNull(home);
        var sightings = new List<Sighting>();
        var diagnostics = new List<Diagnostic>();

        if (globalConfig?.Root is { ValueKind: JsonValueKind.Object } root)
        {
            if (root.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object)
            {
                sightings.AddRange(projects.EnumerateObject().Select(p => new Sighting(p.Name, "claude.json projects")));
            }

            if (root.TryGetProperty("githubRepoPaths", out var repos) && repos.ValueKind == JsonValueKind.Object)
            {
                foreach (var repo in repos.EnumerateObject().Where(r => r.Value.ValueKind == JsonValueKind.Array))
                {
                    sightings.AddRange(repo.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => new Sighting(v.GetString()!, $"githubRepoPaths {repo.Name}")));
                }
            }
        }

        var history = Path.Combine(home.ConfigDir, "history.jsonl");
        if (File.Exists(history))
        {
            ReadJsonLines(history, int.MaxValue, diagnostics, record =>
            {
                if (StringAt(record, "project") is { } project)
                {
                    sightings.Add(new Sighting(project, "history.jsonl"));
                }

                return true;
            });
        }

        foreach (var transcript in SafeEnumerate(Path.Combine(home.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories, diagnostics))
        {
            // Subagent transcripts repeat their parent's cwd.
            if (transcript.Contains("/subagents/", StringComparison.Ordinal))
            {
                continue;
            }

            ReadJsonLines(transcript, transcriptHeadLines, diagnostics, record =>
            {
                if (StringAt(record, "cwd") is { } cwd)
                {
                    sightings.Add(new Sighting(cwd, "transcript"));
                    return false;
                }

                return true;
            });
        }

        foreach (var session in SafeEnumerate(Path.Combine(home.ConfigDir, "sessions"), "*.json", SearchOption.TopDirectoryOnly, diagnostics))
        {
            var read = JsonFileReader.Read(session, 1024 * 1024);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Value is { } file && StringAt(file.Root, "cwd") is { } cwd)
            {
                sightings.Add(new Sighting(cwd, "live session"));
            }
        }

        // A recorded path no directory can have (a NUL, empty) would crash every path API later; it is said, not used.
        foreach (var bad in sightings.Where(s => s.RecordedPath.Length == 0 || s.RecordedPath.Contains('\0', StringComparison.Ordinal)))
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType,
                $"recorded launch directory '{bad.RecordedPath.Replace("\0", "\\0", StringComparison.Ordinal)}' ({bad.Source}) is empty or holds a NUL character, which no path can; skipped",
                new SourceLocation(home.ConfigDir)));
        }

        return ([.. sightings.Where(s => s.RecordedPath.Length > 0 && !s.RecordedPath.Contains('\0', StringComparison.Ordinal))], diagnostics);
    }

    /// <summary>
    /// Lists files below a directory; every directory that cannot be listed (the top one or any below it) is a diagnostic,
    /// not a silent gap. Links are not followed, so a loop cannot recurse.
    /// </summary>
    public static IEnumerable<string> SafeEnumerate(string directory, string pattern, SearchOption option, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<string>();
        var pending = new Stack<string>([directory]);
        while (pending.TryPop(out var current))
        {
            try
            {
                foreach (var entry in new DirectoryInfo(current).EnumerateFileSystemInfos())
                {
                    if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    {
                        continue;
                    }

                    if (entry is DirectoryInfo sub)
                    {
                        if (option == SearchOption.AllDirectories)
                        {
                            pending.Push(sub.FullName);
                        }
                    }
                    else if (System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, entry.Name))
                    {
                        files.Add(entry.FullName);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"cannot list directory: {ex.Message}", new SourceLocation(current)));
            }
        }

        return files.Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A directory that exists but cannot be listed, as a diagnostic (null when it can be read or is absent).</summary>
    public static Diagnostic? Unlistable(string directory, string what)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                _ = Directory.EnumerateFileSystemEntries(directory).FirstOrDefault();
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"cannot read {what}: {ex.Message}; nothing in it was audited", new SourceLocation(directory));
        }
    }

    /// <summary>
    /// Streams a JSONL file line by line; <paramref name="onRecord"/> returns false to stop. Malformed, truncated and
    /// oversized lines become one diagnostic per kind (with the first line number), never an exception.
    /// </summary>
    public static void ReadJsonLines(string path, int maxLines, List<Diagnostic> diagnostics, Func<JsonElement, bool> onRecord)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(onRecord);
        var malformed = 0;
        var firstMalformed = 0;
        var oversized = 0;
        var lineNumber = 0;
        try
        {
            var open = SafeFile.OpenRead(path, 65536);
            if (open.Value is null)
            {
                diagnostics.AddRange(open.Diagnostics);
                return;
            }

            using var stream = open.Value;
            var line = new MemoryStream();
            var buffer = new byte[65536];
            var lastWasComplete = true;
            int read;
            var stop = false;
            var first = true;
            while (!stop && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                // JSONL is text: NUL bytes mean a binary or sparse file, which could be gigabytes without a single newline.
                if (first && SafeFile.LooksBinary(buffer.AsSpan(0, read)))
                {
                    diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileBinary, "file holds binary data (NUL bytes), not JSON lines; not read", new SourceLocation(path)));
                    return;
                }

                first = false;
                var start = 0;
                for (var i = 0; i < read && !stop; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    Append(line, buffer, start, i - start);
                    start = i + 1;
                    stop = !Consume(line) || lineNumber >= maxLines;
                    line.SetLength(0);
                }

                if (!stop)
                {
                    Append(line, buffer, start, read - start);
                    lastWasComplete = line.Length == 0;
                }
            }

            if (!stop && !lastWasComplete && line.Length > 0)
            {
                var before = malformed;
                Consume(line);
                if (malformed > before)
                {
                    diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineTruncated, $"last line {lineNumber} is truncated (no newline, not valid JSON); it was skipped", new SourceLocation(path, lineNumber, 1)));
                    malformed--;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"could not read: {ex.Message}", new SourceLocation(path)));
        }

        if (malformed > 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineMalformed, $"{malformed} line(s) are not valid JSON and were skipped (first: line {firstMalformed})", new SourceLocation(path, firstMalformed, 1)));
        }

        if (oversized > 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonlLineTooLong, $"{oversized} line(s) longer than {MaxLineBytes:N0} bytes were skipped", new SourceLocation(path)));
        }

        static void Append(MemoryStream line, byte[] buffer, int start, int count)
        {
            // Past the limit, keep counting the line but stop storing it.
            if (line.Length <= MaxLineBytes)
            {
                line.Write(buffer, start, Math.Min(count, MaxLineBytes + 1 - (int)line.Length));
            }
        }

        bool Consume(MemoryStream line)
        {
            lineNumber++;
            if (line.Length > MaxLineBytes)
            {
                oversized++;
                return true;
            }

            if (line.Length == 0 || (line.Length == 1 && line.GetBuffer()[0] == (byte)'\r'))
            {
                return true;
            }

            try
            {
                using var doc = JsonDocument.Parse(line.GetBuffer().AsMemory(0, (int)line.Length));
                return onRecord(doc.RootElement);
            }
            catch (JsonException)
            {
                if (malformed++ == 0)
                {
                    firstMalformed = lineNumber;
                }

                return true;
            }
            catch (ArgumentException)
            {
                // Invalid UTF-8 inside a string surfaces as ArgumentException from the parser.
                if (malformed++ == 0)
                {
                    firstMalformed = lineNumber;
                }

                return true;
            }
        }
    }

    private static string? StringAt(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
