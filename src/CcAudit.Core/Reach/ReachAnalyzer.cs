using System.Collections.Concurrent;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reach;

/// <summary>
/// The reach entry point: for each launch directory, walks every working directory, scans content in parallel
/// (the walk feeds the scanners; nothing per file is kept unless it is sensitive), checks the home's credential
/// stores, asks the policy how each sensitive file can be read, and words a verdict, remediation and findings.
/// </summary>
public static class ReachAnalyzer
{
    /// <summary>More files than this under one launch root makes it an oversized root.</summary>
    public const long OversizedFileCount = 250_000;

    /// <summary>More bytes than this under one launch root makes it an oversized root.</summary>
    public const long OversizedBytes = 20L * 1024 * 1024 * 1024;

    private const int BatchSize = 256;

    private static readonly string[] VirtualRoots = ["/proc", "/sys", "/dev"];

    /// <summary>The file system root and the kernel's virtual trees, which a walk must not enter.</summary>
    public static bool NotWalked(string root)
    {
        // "//", "/dev/../" and "/." are the root too: compare the normalized path, never the text a settings file holds.
        var full = root.Length == 0 ? root : Path.TrimEndingDirectorySeparator(Path.GetFullPath(root.Replace("//", "/", StringComparison.Ordinal)));
        return full is "/" or "" || VirtualRoots.Any(v => TreeWalker.IsUnder(full, v));
    }

    public static ReachReport Analyze(ReachRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = request.Limits ?? ReachLimits.Default;
        var diagnostics = new DiagnosticSink(limits.MaxDiagnosticsPerCode);
        var launches = new List<LaunchReach>();
        var findings = new List<Finding>();
        foreach (var launch in request.LaunchDirectories.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal))
        {
            var policy = request.PolicyFor(launch);
            var reach = AnalyzeLaunch(launch, request.Home, policy, limits, diagnostics, cancellationToken);
            launches.Add(reach);
            findings.AddRange(ReachFindings.Instance.Analyze(new ReachEvidence(reach, request.Home)));
        }

        return new ReachReport(launches, findings, diagnostics.ToList());
    }

    private static LaunchReach AnalyzeLaunch(string launch, string? home, IReadAccessPolicy policy, ReachLimits limits, DiagnosticSink diagnostics, CancellationToken cancellationToken)
    {
        var workingDirectories = policy.WorkingDirectories.Count > 0 ? policy.WorkingDirectories : [launch];
        var sensitive = new ConcurrentDictionary<string, SensitiveFile>(StringComparer.Ordinal);
        var sizes = new List<WorkingDirectorySize>();
        var escapes = new List<SymlinkEscape>();
        var scanner = new FileContentScanner(limits, diagnostics);
        foreach (var root in workingDirectories)
        {
            if (NotWalked(root))
            {
                // "/" (additionalDirectories: ["/"]) makes the whole file system readable: saying so is the finding;
                // walking it would read every mounted disk, and /proc, /sys or /dev hold files that block or never end.
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.WalkLimit, $"working directory {root} is not walked: Claude Code may read everything under it; the other working directories were walked", new SourceLocation(root)));
                sizes.Add(new WorkingDirectorySize(root, 0, 0, 0, 0, 0, 0, Truncated: true));
                continue;
            }

            // A working directory inside another one is already covered by the outer walk.
            if (workingDirectories.Any(other => other != root && !NotWalked(other) && TreeWalker.IsUnder(root, other)))
            {
                continue;
            }

            var walker = new TreeWalker(root, workingDirectories, limits, diagnostics);
            var binaryBefore = scanner.BinaryFiles;
            var largeBefore = scanner.UnscannedLargeFiles;
            // The walk runs on its own thread and feeds a bounded queue of batches: scanners never wait on a directory
            // listing, hand-offs are rare, and memory stays flat whatever the tree's size.
            using (var queue = new BlockingCollection<List<WalkedFile>>(boundedCapacity: 32))
            {
                var producer = Task.Run(
                    () =>
                    {
                        try
                        {
                            var batch = new List<WalkedFile>(BatchSize);
                            foreach (var file in walker.Walk())
                            {
                                batch.Add(file);
                                if (batch.Count == BatchSize)
                                {
                                    queue.Add(batch, cancellationToken);
                                    batch = new List<WalkedFile>(BatchSize);
                                }
                            }

                            queue.Add(batch, cancellationToken);
                        }
                        finally
                        {
                            queue.CompleteAdding();
                        }
                    },
                    cancellationToken);
                var consumers = Enumerable.Range(0, Environment.ProcessorCount).Select(_ => Task.Run(
                    () =>
                    {
                        foreach (var file in queue.GetConsumingEnumerable(cancellationToken).SelectMany(b => b))
                        {
                            // One odd file must not stop the scan (nor leave the walk blocked on a full queue).
                            try
                            {
                                if (scanner.Scan(file.FullPath, file.RelativePath, file.Length) is { } hit)
                                {
                                    sensitive[file.FullPath] = new SensitiveFile(file.FullPath, hit.Kind, file.Git, hit.Secrets, policy.EvaluateRead(file.FullPath), policy.EvaluateBashCat(file.FullPath), InHome: false);
                                }
                            }
                            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
                            {
                                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileUnreadable, $"could not be examined: {ex.Message}", new SourceLocation(file.FullPath)));
                            }
                        }
                    },
                    cancellationToken)).ToArray();
                Task.WaitAll([producer, .. consumers], cancellationToken);
            }

            sizes.Add(new WorkingDirectorySize(root, walker.Files, walker.Bytes, walker.Directories, walker.GitIgnoredFiles, scanner.BinaryFiles - binaryBefore, scanner.UnscannedLargeFiles - largeBefore, walker.Truncated));
            escapes.AddRange(walker.Escapes);
        }

        if (home is not null)
        {
            foreach (var store in HomeCredentialStores.Find(home).Where(p => !sensitive.ContainsKey(p)))
            {
                var relative = Path.GetRelativePath(home, store).Replace('\\', '/');
                var info = new FileInfo(store);
                var secrets = info.Exists ? scanner.Scan(store, relative, info.Length)?.Secrets ?? [] : [];
                sensitive[store] = new SensitiveFile(store, SensitiveKind.CredentialStore, GitState.NoRepository, secrets, policy.EvaluateRead(store), policy.EvaluateBashCat(store), InHome: true);
            }
        }

        var files = sensitive.Values.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var advice = ReachAdvice.For(launch, home, files, sizes, workingDirectories, policy.Sandbox is not null);
        return new LaunchReach(launch, sizes, files, [.. escapes.OrderBy(e => e.LinkPath, StringComparer.Ordinal)], policy.Sandbox, advice.Verdict, advice.DenyRules, advice.Remediation);
    }
}
