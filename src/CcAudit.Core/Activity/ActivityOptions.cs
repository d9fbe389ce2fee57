namespace CcAudit.Core.Activity;

/// <summary>Which records count: a UTC date range and a launch directory (the directory itself and everything below it).</summary>
public sealed record ActivityOptions(DateOnly? Since = null, DateOnly? Until = null, string? Project = null)
{
    /// <summary>Lines longer than this are diagnosed and skipped; real transcripts hold multi-MB tool results, so the cap is generous.</summary>
    public int MaxLineBytes { get; init; } = Common.JsonlLimits.MaxLineBytes;

    /// <summary>Files read at once; one per core by default.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// False reads every line with the reader alone (no <see cref="JsonScan"/> fast paths): the reference the tests hold
    /// the fast paths to.
    /// </summary>
    internal bool FastPaths { get; init; } = true;

    /// <summary>
    /// Where recorded paths are now (a forensic copy): a record's recorded <c>cwd</c> is in scope of <see cref="Project"/>
    /// when it, or its mapped location, is under it, so <c>--under</c> takes the path the auditor sees, as on every verb.
    /// </summary>
    public Discovery.PathMap PathMaps { get; init; } = Discovery.PathMap.None;

    public static ActivityOptions All { get; } = new();

    /// <summary>Whether a record at <paramref name="at"/> in <paramref name="cwd"/> is in scope; records without a timestamp are judged by place only.</summary>
    public bool Includes(DateTimeOffset? at, string? cwd)
    {
        if (at is { } when)
        {
            var day = DateOnly.FromDateTime(when.UtcDateTime);
            if (day < Since || day > Until)
            {
                return false;
            }
        }

        if (Project is null)
        {
            return true;
        }

        var root = Project.TrimEnd('/');
        return cwd is not null && (root.Length == 0 || Under(cwd, root) || (!PathMaps.IsEmpty && Under(PathMaps.Apply(cwd), root)));
    }

    private static bool Under(string path, string root) => path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
}
