using System.CommandLine;
using CcAudit.Core.Discovery;

namespace CcAudit.Cli.Commands;

/// <summary>The discovery options shared by scan, settings show and every verb that audits a machine.</summary>
internal sealed class ScanOptionsBinder
{
    public Option<string[]> Homes { get; } = new("--home") { Description = "A user home to audit instead of yours (repeatable; forensic copies, tests).", Arity = ArgumentArity.OneOrMore };

    public Option<bool> AllUsers { get; } = new("--all-users") { Description = "Also audit every readable home on this machine." };

    public Option<string?> ManagedDir { get; } = new("--managed-dir") { Description = "Read managed policy from this directory instead of the OS location." };

    public Option<string[]> Projects { get; } = new("--project") { Description = "An extra launch directory to audit (repeatable).", Arity = ArgumentArity.OneOrMore };

    public Option<string[]> PathMaps { get; } = new("--path-map") { Description = "FROM=TO: recorded paths under FROM are now under TO (repeatable).", Arity = ArgumentArity.OneOrMore };

    public Option<string?> FlagSettings { get; } = new("--settings") { Description = "A settings file every launch directory gets as if Claude Code were started with --settings FILE (the flag tier, above local settings)." };

    public Option<string?> ManagedPlist { get; } = new("--managed-plist")
    {
        Description = "A forensic copy of the macOS managed preferences (com.anthropic.claudecode.plist from /Library/Managed Preferences) or a .mobileconfig profile.",
    };

    public Option<string?> ManagedRegistry { get; } = new("--managed-reg")
    {
        Description = @"A .reg export holding HKLM\SOFTWARE\Policies\ClaudeCode (and HKCU) for Windows policy, as regedit writes it (UTF-16 LE).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ManagedPlist);
        command.Options.Add(ManagedRegistry);
        command.Options.Add(Homes);
        command.Options.Add(AllUsers);
        command.Options.Add(ManagedDir);
        command.Options.Add(Projects);
        command.Options.Add(PathMaps);
        command.Options.Add(FlagSettings);
    }

    /// <summary>
    /// A missing input named on the command line is a usage error (exit 2), never an audit of nothing that reads as
    /// clean: a typo in --home or --managed-dir would otherwise report "stays approved".
    /// </summary>
    public static void RequireDirectory(string option, string path)
    {
        if (!Directory.Exists(path))
        {
            throw new UsageException($"{option} names a directory that does not exist: {Path.GetFullPath(path)}");
        }
    }

    /// <summary>As <see cref="RequireDirectory"/> for files (<c>--baseline</c>, <c>--settings</c>).</summary>
    public static void RequireFiles(string option, IEnumerable<string> paths)
    {
        foreach (var path in paths.Where(p => !File.Exists(p)))
        {
            throw new UsageException($"{option} names a file that does not exist: {Path.GetFullPath(path)}");
        }
    }

    public ScanOptions Bind(ParseResult parse, CliContext context, IEnumerable<string>? extraProjects = null)
    {
        var maps = new List<(string, string)>();
        foreach (var text in parse.GetValue(PathMaps) ?? [])
        {
            var map = PathMap.ParseEntry(text) ?? throw new UsageException($"--path-map takes FROM=TO, not '{text}'");
            RequireDirectory("--path-map target", map.Item2);
            maps.Add(map);
        }

        foreach (var home in parse.GetValue(Homes) ?? [])
        {
            RequireDirectory("--home", home);
        }

        if (parse.GetValue(ManagedDir) is { } managed)
        {
            RequireDirectory("--managed-dir", managed);
        }

        var flagSettings = parse.GetValue(FlagSettings) is { } flag ? Path.GetFullPath(flag) : null;
        if (flagSettings is not null && !File.Exists(flagSettings))
        {
            throw new UsageException($"--settings names a file that does not exist: {flagSettings}");
        }

        var plist = ExistingFile(parse.GetValue(ManagedPlist), "--managed-plist");
        var registry = ExistingFile(parse.GetValue(ManagedRegistry), "--managed-reg");
        var progress = context.ErrorIsTerminal ? new TerminalProgress(context.Error) : null;
        return new ScanOptions(
            [.. (parse.GetValue(Homes) ?? []).Select(Path.GetFullPath)],
            parse.GetValue(AllUsers),
            parse.GetValue(ManagedDir),
            [.. (parse.GetValue(Projects) ?? []).Concat(extraProjects ?? []).Select(Path.GetFullPath)],
            new PathMap(maps),
            context.Environment)
        {
            FlagSettings = flagSettings,
            ManagedPlist = plist,
            ManagedRegistry = registry,
            Progress = progress,
        };
    }

    private static string? ExistingFile(string? path, string option) =>
        path is null ? null
        : File.Exists(path) ? Path.GetFullPath(path)
        : throw new UsageException($"{option} names a file that does not exist: {path}");
}
