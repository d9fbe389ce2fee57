namespace CcAudit.Core.Discovery;

/// <summary>What to scan. Everything is read-only; nothing found is executed.</summary>
/// <param name="Homes">User home directories named explicitly (tests, forensic copies). When empty, the current user's home.</param>
/// <param name="AllUsers">Also every readable home on the machine (<see cref="PasswdFile"/> and <see cref="HomeRoot"/>).</param>
/// <param name="ManagedDirectory">Overrides the OS managed-policy directory.</param>
/// <param name="Projects">Extra launch directories.</param>
/// <param name="PathMaps">Recorded path prefixes and where those files are now.</param>
/// <param name="Environment">The environment to read HOME and CLAUDE_CONFIG_DIR from.</param>
public sealed record ScanOptions(
    IReadOnlyList<string> Homes,
    bool AllUsers,
    string? ManagedDirectory,
    IReadOnlyList<string> Projects,
    PathMap PathMaps,
    IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Transcripts can be many and large; only this many leading lines of each are read for its cwd.</summary>
    public int TranscriptHeadLines { get; init; } = 40;

    /// <summary>A settings file applied to every launch directory as Claude Code's <c>--settings</c> would: the flag tier, above local settings.</summary>
    public string? FlagSettings { get; init; }

    /// <summary>A forensic copy of the macOS managed preferences plist or a .mobileconfig profile (the MDM managed source).</summary>
    public string? ManagedPlist { get; init; }

    /// <summary>A .reg export with HKLM / HKCU \SOFTWARE\Policies\ClaudeCode (the Windows policy sources).</summary>
    public string? ManagedRegistry { get; init; }

    /// <summary>The user database <see cref="AllUsers"/> reads; a fake one lets tests stand in for the machine.</summary>
    public string PasswdFile { get; init; } = "/etc/passwd";

    /// <summary>The directory whose subdirectories <see cref="AllUsers"/> also takes as homes, listed in the user database or not.</summary>
    public string HomeRoot { get; init; } = "/home";

    /// <summary>
    /// Set by <c>check</c>: the repository being audited. It is the git root of every launch directory inside it (a
    /// checkout above it is never consulted), and plugin roots inside it count as plugins the repository ships.
    /// </summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Reports progress (stderr, terminals only); null for none.</summary>
    public IProgress<string>? Progress { get; init; }
}
