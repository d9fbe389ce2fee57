using CcAudit.Core.Common;

namespace CcAudit.Core.Store;

/// <summary>What importing one file did; <paramref name="Signer"/> is the trusted key's fingerprint, or null for an allowed unsigned file.</summary>
public sealed record ImportOutcome(string Path, string Result, long? SnapshotId, Diagnostic? Problem, string? Signer = null);

/// <summary>
/// <c>ccaudit fleet import</c>: snapshot files into a store, idempotent by content hash; a corrupt or tampered file is
/// rejected with its reason and stores nothing (each file is one transaction). A file must be signed by a key in the
/// <see cref="SnapshotTrust"/>; an unsigned one passes only where the trust allows unsigned legacy files.
/// </summary>
public static class FleetImporter
{
    public const string Imported = "imported";
    public const string AlreadyPresent = "already present";
    public const string Rejected = "rejected";

    /// <summary>Expands directories to their *.json files (recursively) and imports each.</summary>
    public static async Task<IReadOnlyList<ImportOutcome>> ImportAsync(
        ISnapshotStore store, IEnumerable<string> paths, SnapshotTrust trust, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(trust);
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
            var read = SnapshotFile.Open(file);
            var refusal = read.Value is null ? (read.Diagnostics.Count > 0 ? read.Diagnostics[0] : null) : Refusal(read.Value, trust, file);
            if (read.Value is null || refusal is not null)
            {
                outcomes[index] = new ImportOutcome(file, Rejected, null, refusal);
                return;
            }

            await writers.WaitAsync(ct);
            SnapshotInfo saved;
            try
            {
                saved = await store.SaveAsync(Scrubbed(read.Value.Snapshot), ct);
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

            outcomes[index] = new ImportOutcome(file, isNew ? Imported : AlreadyPresent, saved.Id, null, read.Value.Signer);
        });

        return outcomes;
    }

    private static Diagnostic? Refusal(SignedSnapshot snapshot, SnapshotTrust trust, string file) => snapshot.Signer switch
    {
        null when !trust.AllowUnsigned => Diagnostic.Error(DiagnosticCodes.SnapshotUnsigned,
            "unsigned snapshot refused: anyone can write one (re-collect with a signing ccaudit, or pass --allow-unsigned for legacy files)", new SourceLocation(file)),
        { } signer when !trust.TrustedKeys.Contains(signer) => Diagnostic.Error(DiagnosticCodes.SnapshotUntrusted,
            $"signed by an untrusted key (fingerprint {signer}): add its public key to --trusted-keys if this collector is yours", new SourceLocation(file)),
        _ => null,
    };

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
