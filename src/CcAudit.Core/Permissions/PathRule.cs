using System.Text;
using System.Text.RegularExpressions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Permissions;

/// <summary>
/// A Read/Edit path specifier with gitignore semantics and source-relative anchors (claude-code-surface.md §4.4):
/// <c>//abs</c> filesystem root, <c>~/x</c> home, <c>/x</c> the settings source's root, <c>./x</c> or <c>x</c> the launch
/// directory; a bare name matches at any depth; a single-segment directory pattern matches only at the root for allow
/// rules and at any depth for deny and ask rules.
/// </summary>
public static class PathRule
{
    public static Regex Compile(string specifier, PermissionList list, SettingsSource source, string home, string cwd)
    {
        ArgumentNullException.ThrowIfNull(specifier);
        string root;
        string pattern;
        if (specifier.StartsWith("//", StringComparison.Ordinal))
        {
            root = "/";
            pattern = specifier[2..];
        }
        else if (specifier == "~" || specifier.StartsWith("~/", StringComparison.Ordinal))
        {
            root = home;
            pattern = specifier.Length > 2 ? specifier[2..] : "**";
        }
        else if (specifier.StartsWith('/'))
        {
            if (source == SettingsSource.Flag)
            {
                // --settings has no root of its own: the binary matched such a rule against nothing (§9).
                return new Regex("(?!)", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            }

            root = source == SettingsSource.User ? Path.Combine(home, ".claude") : cwd;
            pattern = specifier[1..];
        }
        else
        {
            root = cwd;
            pattern = specifier.StartsWith("./", StringComparison.Ordinal) ? specifier[2..] : specifier;

            // gitignore: a trailing slash only says "a directory"; the pattern is anchored by its other slashes.
            pattern = pattern.Length > 1 ? pattern.TrimEnd('/') : pattern;
            var anyDepth = !pattern.Contains('/', StringComparison.Ordinal)
                || (list != PermissionList.Allow && !specifier.StartsWith("./", StringComparison.Ordinal) && pattern.Count(ch => ch == '/') == 1 && pattern.EndsWith("/**", StringComparison.Ordinal));
            if (anyDepth)
            {
                pattern = "**/" + pattern;
            }
        }

        var regex = new StringBuilder("^").Append(Regex.Escape(root.TrimEnd('/'))).Append('/');
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '/' && i == pattern.Length - 3 && pattern.EndsWith("/**", StringComparison.Ordinal))
            {
                // "dir/**" also covers dir itself: the binary denies rm, mkdir or Read of the directory under Edit(dir/**) or Read(dir/**).
                regex.Append("(?:/.*)?");
                break;
            }

            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        // A pattern naming a directory covers everything below it, as in gitignore.
        regex.Append("(?:/.*)?$");
        // A deny rule holds whatever the case of the path (Read(readme.MD) covers README.md); allows stay exact.
        // Linear-time matching: a rule like Read(**/*a*a*a…) cannot make an evaluation backtrack for seconds.
        var caseOption = list == PermissionList.Deny ? RegexOptions.IgnoreCase : RegexOptions.None;
        return new Regex(regex.ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking | caseOption);
    }
}
