using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// What Claude Code's own retention sweep left of one home's sessions: the effective <c>cleanupPeriodDays</c> with its
/// tier, when the last sweep ran (<c>.last-cleanup</c>, a marker whose write time is the sweep), and the folders of
/// sessions whose transcript is gone.
/// </summary>
/// <param name="CleanupPeriodDays">The period in force: managed settings, else user settings, else the default of 30.</param>
/// <param name="Tier">managed, user or default.</param>
/// <param name="File">The settings file that sets it, when one does.</param>
/// <param name="LastCleanup">Write time of <c>&lt;config dir&gt;/.last-cleanup</c>, when present.</param>
/// <param name="SweptBefore">Sessions last written before this were deleted at the last sweep (last sweep minus the period).</param>
/// <param name="Transcripts">Session transcripts still on disk.</param>
/// <param name="OldestTranscript">Last write of the oldest transcript on disk: the earliest day the audit can see.</param>
/// <param name="Orphans">Per session whose transcript was swept, what remains of it.</param>
public sealed record RetentionReport(
    int CleanupPeriodDays,
    string Tier,
    string? File,
    DateTimeOffset? LastCleanup,
    DateTimeOffset? SweptBefore,
    int Transcripts,
    DateTimeOffset? OldestTranscript,
    IReadOnlyList<OrphanedSession> Orphans);

/// <summary>One session whose transcript is gone: the folders left (tool-results, subagents, session-env, file-history) and their newest
/// write.</summary>
public sealed record OrphanedSession(string Session, IReadOnlyList<string> Kinds, IReadOnlyList<string> Paths, int Files,
    DateTimeOffset LastWrite);

public static class RetentionForensics
{
    public const int DefaultPeriodDays = 30;

    /// <summary>Folders and files read per home: a planted tree must not stall the scan; reaching it is a diagnostic.</summary>
    public const int MaxEntries = 100_000;

    public static RetentionReport Read(ClaudeHome home, IReadOnlyList<SettingsDocument> managed, SettingsDocument? user,
        List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var (days, tier, file) = Period(managed, user);
        var marker = Path.Combine(home.ConfigDir, ".last-cleanup");
        DateTimeOffset? last = System.IO.File.Exists(marker) ? new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(marker),
            TimeSpan.Zero) : null;
        var projects = Path.Combine(home.ConfigDir, "projects");
        var transcripts = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? oldest = null;
        var orphans = new Dictionary<string, (SortedSet<string> Kinds, List<string> Paths, int Files,
            DateTimeOffset Last)>(StringComparer.Ordinal);
        var budget = new Budget(MaxEntries);
        foreach (var project in Children(projects, budget, directories: true))
        {
            foreach (var transcript in Children(project, budget, directories: false).Where(f => f.EndsWith(".jsonl",
                StringComparison.Ordinal)))
            {
                transcripts.Add(Path.GetFileNameWithoutExtension(transcript));
                var written = new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(transcript), TimeSpan.Zero);
                oldest = oldest is null || written < oldest ? written : oldest;
            }

            foreach (var session in Children(project, budget, directories: true).Where(d => Path.GetFileName(d) != "memory"))
            {
                if (!System.IO.File.Exists(session + ".jsonl"))
                {
                    foreach (var kind in Children(session, budget, directories: true))
                    {
                        Add(orphans, Path.GetFileName(session), Path.GetFileName(kind), kind, budget);
                    }
                }
            }
        }

        foreach (var kind in new[] { "session-env", "file-history" })
        {
            foreach (var session in Children(Path.Combine(home.ConfigDir, kind), budget,
                directories: true).Where(s => !transcripts.Contains(Path.GetFileName(s))))
            {
                Add(orphans, Path.GetFileName(session), kind, session, budget);
            }
        }

        if (budget.Exhausted)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit,
                $"retention forensics stopped after {MaxEntries} entries: the orphaned sessions listed are not all of them",
                    new SourceLocation(home.ConfigDir)));
        }

        return new RetentionReport(days, tier, file, last, last?.AddDays(-days), transcripts.Count, oldest,
            [.. orphans.OrderBy(o => o.Value.Last).Select(o => new OrphanedSession(o.Key, [.. o.Value.Kinds], o.Value.Paths,
                o.Value.Files, o.Value.Last))]);
    }

    /// <summary>Managed policy wins, then user settings; a value that is not a whole number of at least one day is not honoured.</summary>
    private static (int Days, string Tier, string? File) Period(IReadOnlyList<SettingsDocument> managed, SettingsDocument? user)
    {
        foreach (var document in managed.Append(user).OfType<SettingsDocument>())
        {
            if (document.Root.ValueKind == JsonValueKind.Object && document.Root.TryGetProperty("cleanupPeriodDays", out var value)
                && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var days) && days >= 1)
            {
                return (days, document.Source.ShortName(), document.Path);
            }
        }

        return (DefaultPeriodDays, "default", null);
    }

    private static void Add(
        Dictionary<string, (SortedSet<string> Kinds, List<string> Paths, int Files, DateTimeOffset Last)> orphans, string session,
            string kind, string path, Budget budget)
    {
        if (!orphans.TryGetValue(session, out var entry))
        {
            entry = (new SortedSet<string>(StringComparer.Ordinal), [], 0, DateTimeOffset.MinValue);
        }

        var last = DateTimeOffset.MinValue;
        var files = 0;
        try
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions
            {
                RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint,
                    MaxRecursionDepth = 6,
            }))
            {
                if (!budget.Take())
                {
                    break;
                }

                files++;
                var written = new DateTimeOffset(System.IO.File.GetLastWriteTimeUtc(file), TimeSpan.Zero);
                last = written > last ? written : last;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable folder still shows the session left something; its files are not counted.
        }

        // A folder's own write time moves whenever an entry is added; the files' times are when the session wrote them.
        last = files > 0 ? last : new DateTimeOffset(Directory.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        entry.Kinds.Add(kind);
        entry.Paths.Add(path);
        orphans[session] = (entry.Kinds, entry.Paths, entry.Files + files, last > entry.Last ? last : entry.Last);
    }

    private static IEnumerable<string> Children(string directory, Budget budget, bool directories)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        try
        {
            var entries = directories ? Directory.EnumerateDirectories(directory, "*", options) : Directory.EnumerateFiles(directory, "*",
                options);
            return [.. entries.TakeWhile(_ => budget.Take()).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private sealed class Budget(int entries)
    {
        private int _left = entries;

        public bool Exhausted => _left <= 0;

        public bool Take() => _left-- > 0;
    }
}
