using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>One non-comment line of a shell profile, with its file and line number.</summary>
public sealed record ShellProfileLine(string Path, int Line, string Text);

/// <summary>
/// The shell profiles of a user home (bash, zsh, fish, aliases): where CLAUDE_CONFIG_DIR, credentials and the aliases
/// that start Claude Code are set. Read as text, never sourced.
/// </summary>
public static class ShellProfiles
{
    public static readonly string[] Names =
        [".bashrc", ".bash_profile", ".bash_login", ".profile", ".zshrc", ".zshenv", ".zprofile", ".zlogin", ".config/fish/config.fish", ".bash_aliases"];

    private const long MaxBytes = 4L * 1024 * 1024;

    /// <summary>Every non-comment line of every profile of <paramref name="userHome"/>; unreadable ones are diagnostics.</summary>
    public static IReadOnlyList<ShellProfileLine> Read(string userHome, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var lines = new List<ShellProfileLine>();
        foreach (var name in Names)
        {
            var path = System.IO.Path.Combine(userHome, name);
            if (!File.Exists(path))
            {
                continue;
            }

            var text = SafeFile.ReadText(path, MaxBytes);
            diagnostics.AddRange(text.Diagnostics);
            if (text.Value is not null)
            {
                lines.AddRange(Parse(path, text.Value));
            }
        }

        return lines;
    }

    /// <summary>The non-comment lines of one profile's text.</summary>
    public static IEnumerable<ShellProfileLine> Parse(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Trim().Length > 0 && !trimmed.TrimStart().StartsWith('#'))
            {
                yield return new ShellProfileLine(path, number, trimmed);
            }
        }
    }
}
