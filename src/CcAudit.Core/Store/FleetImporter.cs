using CcAudit.Core.Common;

namespace CcAudit.Core.Store;

/// <summary>What importing one file did.</summary>
public sealed record ImportOutcome(string Path, string Result, long? SnapshotId, Diagnostic? Problem);

/// <summary>
/// <c>ccaudit fleet import</c>: snapshot files into a store, idempotent by content hash; a corrupt or tampered file is
/// rejected with its reason and stores nothing (each file is one transaction).
/// </summary>
public static class FleetImporter
{
    public const string Imported = "imported";
    public const string AlreadyPresent = "already present";
    public const string Rejected = "rejected";

    /// <summary>Expands directories to their *.json files (recursively) and imports each.</summary>
    public static async Task<IReadOnlyList<ImportOutcome>> ImportAsync(ISnapshotStore store, IEnumerable<string> paths, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(paths);
        var known = (await store.ListAsync(cancellationToken)).Select(s => s.ContentHash).ToHashSet(StringComparer.Ordinal);
        var files = Expand(paths).ToList();
        var outcomes = new ImportOutcome[files.Count];
        var gate = new Lock();

        // Reading, parsing and hash verification dominate; they run on every core. Writes follow the store's own parallelism.
        using var writers = new SemaphoreSlim(store.ParallelWriters);
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, async (index, ct) =>
        {
            var file = files[index];
            progress?.Report(file);
            var read = SnapshotFile.Read(file);
            if (read.Value is null)
            {
                outcomes[index] = new ImportOutcome(file, Rejected, null, read.Diagnostics.Count > 0 ? read.Diagnostics[0] : null);
                return;
            }

            await writers.WaitAsync(ct);
            SnapshotInfo saved;
            try
            {
                saved = await store.SaveAsync(Scrubbed(read.Value), ct);
            }
            finally
            {
                writers.Release();
            }

            bool isNew;
            lock (gate)
            {
                isNew = known.Add(saved.ContentHash);
            }

            outcomes[index] = new ImportOutcome(file, isNew ? Imported : AlreadyPresent, saved.Id, null);
        });

        return outcomes;

    }

    /// <summary>
    /// A snapshot written by an older ccaudit may hold a secret whole: such a report is stored only after the one
    /// redactor has been over it (its hash then covers the redacted text).
    /// </summary>
    private static EncodedSnapshot Scrubbed(EncodedSnapshot snapshot) =>
        string.Equals(Redaction.Scrub(snapshot.Json), snapshot.Json, StringComparison.Ordinal) ? snapshot : EncodedSnapshot.Of(AuditJson.Scrubbed(snapshot.Report));

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.json", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }).Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
