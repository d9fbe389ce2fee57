using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Finds Claude homes: the default <c>~/.claude</c>, a CLAUDE_CONFIG_DIR from the environment, and any
/// CLAUDE_CONFIG_DIR that shell profiles set (exports, aliases, fish <c>set -x</c>), for the current user, named homes
/// and, on request, every user on the machine.
/// </summary>
public static partial class ClaudeHomeLocator
{
    private static readonly string[] Profiles = ShellProfiles.Names;

    public static (IReadOnlyList<ClaudeHome> Homes, IReadOnlyList<Diagnostic> Diagnostics) Locate(ScanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var homes = new List<ClaudeHome>();
        var diagnostics = new List<Diagnostic>();
        if (options.Homes.Count > 0)
        {
            foreach (var home in options.Homes)
            {
                AddUser(Path.GetFullPath(home), "--home", null);
            }
        }
        else
        {
            var current = options.Environment.TryGetValue("HOME", out var h) && !string.IsNullOrEmpty(h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            var envConfig = options.Environment.TryGetValue("CLAUDE_CONFIG_DIR", out var c) && !string.IsNullOrEmpty(c) ? c : null;
            AddUser(current, "default", envConfig);
        }

        if (options.AllUsers)
        {
            foreach (var home in MachineHomes(options, diagnostics))
            {
                AddUser(home, "all users", null);
            }
        }

        return (homes.DistinctBy(h => h.ConfigDir, StringComparer.Ordinal).ToList(), diagnostics);

        void AddUser(string userHome, string origin, string? envConfigDir)
        {
            homes.Add(Default(userHome, origin));
            if (envConfigDir is not null)
            {
                var dir = Expand(envConfigDir, userHome);
                homes.Add(new ClaudeHome(userHome, dir, Path.Combine(dir, ".claude.json"), "env CLAUDE_CONFIG_DIR"));
            }

            foreach (var profile in Profiles)
            {
                var path = Path.Combine(userHome, profile);
                if (!File.Exists(path))
                {
                    continue;
                }

                var text = SafeFile.ReadText(path, 4L * 1024 * 1024);
                if (text.Value is null)
                {
                    diagnostics.AddRange(text.Diagnostics);
                    continue;
                }

                var lineNumber = 0;
                foreach (var line in text.Value.Split('\n'))
                {
                    lineNumber++;
                    var match = ConfigDirAssignment().Match(line);
                    if (match.Success && !line.TrimStart().StartsWith('#'))
                    {
                        var dir = Expand(match.Groups["dir"].Value, userHome);
                        homes.Add(new ClaudeHome(userHome, dir, Path.Combine(dir, ".claude.json"), $"profile {path}:{lineNumber}"));
                    }
                }
            }
        }
    }

    /// <summary>The default home of a user: <c>~/.claude</c> and <c>~/.claude.json</c>.</summary>
    public static ClaudeHome Default(string userHome, string origin) =>
        new(userHome, Path.Combine(userHome, ".claude"), Path.Combine(userHome, ".claude.json"), origin);

    private static IEnumerable<string> MachineHomes(ScanOptions options, List<Diagnostic> diagnostics)
    {
        var homes = new SortedSet<string>(StringComparer.Ordinal);
        var passwd = SafeFile.ReadText(options.PasswdFile);
        diagnostics.AddRange(passwd.Diagnostics);
        foreach (var line in passwd.Value?.Split('\n') ?? [])
        {
            var fields = line.Split(':');
            if (fields.Length < 7 || !fields[5].StartsWith('/') || fields[5] == "/" || fields[6].EndsWith("nologin", StringComparison.Ordinal) || fields[6].EndsWith("false", StringComparison.Ordinal))
            {
                continue;
            }

            if (Directory.Exists(fields[5]))
            {
                homes.Add(fields[5]);
            }
            else
            {
                // A login user whose home is gone is worth a note: the audit of that user is empty, not clean.
                diagnostics.Add(Diagnostic.Info(DiagnosticCodes.FileMissing, $"home of user {fields[0]} does not exist: {fields[5]}", new SourceLocation(fields[5])));
            }
        }

        try
        {
            foreach (var dir in Directory.EnumerateDirectories(options.HomeRoot))
            {
                homes.Add(dir);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"cannot list {options.HomeRoot}: {ex.Message}", new SourceLocation(options.HomeRoot)));
        }

        return homes;
    }

    private static string Expand(string value, string userHome)
    {
        var dir = value.Trim().Trim('"', '\'');
        dir = dir.Replace("${HOME}", userHome, StringComparison.Ordinal).Replace("$HOME", userHome, StringComparison.Ordinal);
        if (dir == "~" || dir.StartsWith("~/", StringComparison.Ordinal))
        {
            dir = userHome + dir[1..];
        }

        return Path.IsPathRooted(dir) ? dir.TrimEnd('/') : Path.Combine(userHome, dir);
    }

    // Assignments only (VAR=…, export VAR=…, an alias or env prefix, fish `set -x VAR …`): a line that merely reads the
    // variable (`echo $CLAUDE_CONFIG_DIR`, `[ -n "${CLAUDE_CONFIG_DIR}" ]`) names no home.
    [GeneratedRegex(@"(?:(?<![\w$\{])CLAUDE_CONFIG_DIR=|\bset\s+(?:-[a-zA-Z]+\s+)+CLAUDE_CONFIG_DIR\s+)(?<dir>""[^""]+""|'[^']+'|[^\s;'""&|)]+)", RegexOptions.None, 1000)]
    private static partial Regex ConfigDirAssignment();
}
