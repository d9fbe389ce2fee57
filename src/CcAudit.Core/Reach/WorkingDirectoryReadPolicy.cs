using System.Text.Json;
using CcAudit.Core.Settings;
using MAB.DotIgnore;

namespace CcAudit.Core.Reach;

/// <summary>
/// A deliberately small read policy: working-directory semantics (reads inside the launch directory and the
/// additional directories need no prompt) plus the <c>Read(...)</c> deny/ask/allow rules of the given settings with
/// their gitignore-style anchors (claude-code-surface.md §4.4), the permission mode and the read-blocking switches.
/// It does not model hooks, auto-mode classification or managed-only locks; the permission engine replaces it
/// behind <see cref="IReadAccessPolicy"/>.
/// </summary>
public sealed class WorkingDirectoryReadPolicy : IReadAccessPolicy
{
    private readonly string _launchDirectory;
    private readonly List<PathRule> _deny = [];
    private readonly List<PathRule> _ask = [];
    private readonly List<PathRule> _allow = [];
    private readonly List<string> _sandboxDenyRead = [];
    private readonly string? _mode;
    private readonly bool _blockReadsOutside;
    private readonly bool _denyInsteadOfPrompting;
    private readonly List<Func<string, bool>> _sandboxDenyMatchers;

    /// <param name="launchDirectory">Where Claude Code was started.</param>
    /// <param name="home">The user's home (for <c>~/</c> anchors and user settings).</param>
    /// <param name="settings">The settings tiers in force for this launch.</param>
    /// <param name="extraDirectories">Working directories added outside settings (<c>--add-dir</c>).</param>
    public WorkingDirectoryReadPolicy(string launchDirectory, string home, IReadOnlyList<SettingsDocument> settings, IReadOnlyList<string>? extraDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _launchDirectory = Normalise(launchDirectory);
        var homeDirectory = Normalise(home);
        var directories = new List<string> { _launchDirectory };
        directories.AddRange((extraDirectories ?? []).Select(d => Resolve(d, _launchDirectory, homeDirectory)));
        var sandboxEnabled = false;
        var sandboxEnabledSet = false;
        var allowUnsandboxed = true;

        foreach (var document in settings.OrderBy(d => d.Source))
        {
            if (document.Root.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var sourceRoot = document.Source switch
            {
                SettingsSource.User => Path.Combine(homeDirectory, ".claude"),
                SettingsSource.Flag when document.Path is not null => Path.GetDirectoryName(Path.GetFullPath(document.Path)) ?? _launchDirectory,
                _ => _launchDirectory,
            };

            if (document.Root.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Object)
            {
                AddRules(permissions, "deny", ReadDecision.Deny, _deny, document, new Anchors(sourceRoot, _launchDirectory, homeDirectory));
                AddRules(permissions, "ask", ReadDecision.Ask, _ask, document, new Anchors(sourceRoot, _launchDirectory, homeDirectory));
                AddRules(permissions, "allow", ReadDecision.Allow, _allow, document, new Anchors(sourceRoot, _launchDirectory, homeDirectory));
                foreach (var dir in Strings(permissions, "additionalDirectories"))
                {
                    directories.Add(Resolve(dir, _launchDirectory, homeDirectory));
                }

                var mode = permissions.TryGetProperty("defaultMode", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                if (_mode is null && mode is not null && !(mode == "auto" && document.Source is SettingsSource.Project or SettingsSource.Local))
                {
                    _mode = mode == "manual" ? "default" : mode;
                }

                _blockReadsOutside |= IsTrue(permissions, "blockReadsOutsideWorkingDirectories");
                _denyInsteadOfPrompting |= document.Source is SettingsSource.User or SettingsSource.Flag or SettingsSource.Managed && IsTrue(permissions, "denyInsteadOfPrompting");
            }

            if (document.Root.TryGetProperty("sandbox", out var sandbox) && sandbox.ValueKind == JsonValueKind.Object)
            {
                if (!sandboxEnabledSet && sandbox.TryGetProperty("enabled", out var enabled) && enabled.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    sandboxEnabled = enabled.ValueKind == JsonValueKind.True;
                    sandboxEnabledSet = true;
                }

                if (sandbox.TryGetProperty("allowUnsandboxedCommands", out var escape) && escape.ValueKind == JsonValueKind.False)
                {
                    allowUnsandboxed = false;
                }

                if (sandbox.TryGetProperty("filesystem", out var fs) && fs.ValueKind == JsonValueKind.Object)
                {
                    _sandboxDenyRead.AddRange(Strings(fs, "denyRead"));
                }
            }
        }

        WorkingDirectories = [.. directories.Distinct(StringComparer.Ordinal)];
        Sandbox = sandboxEnabled ? new SandboxReadNote(true, _sandboxDenyRead, allowUnsandboxed) : null;
        _sandboxDenyMatchers = [.. _sandboxDenyRead.Select(p => SandboxMatcher(p, _launchDirectory, homeDirectory))];
    }

    /// <summary>The launch directory followed by every additional directory, absolute.</summary>
    public IReadOnlyList<string> WorkingDirectories { get; }

    public SandboxReadNote? Sandbox { get; }

    public ReadAccess EvaluateRead(string absolutePath) => Evaluate(Normalise(absolutePath), "Read");

    public ReadAccess EvaluateBashCat(string absolutePath)
    {
        var path = Normalise(absolutePath);
        if (Sandbox is not null && _sandboxDenyMatchers.Any(m => m(path)))
        {
            return new ReadAccess(ReadDecision.Deny, "sandbox.filesystem.denyRead blocks it for shell commands");
        }

        var access = Evaluate(path, "cat");
        return access with { Reason = "Bash cat: " + access.Reason };
    }

    private ReadAccess Evaluate(string path, string tool)
    {
        if (_deny.Find(r => r.Matches(path)) is { } deny)
        {
            return new ReadAccess(ReadDecision.Deny, $"deny rule {deny.Display} ({deny.Origin})", deny.Display);
        }

        if (_ask.Find(r => r.Matches(path)) is { } ask)
        {
            return Prompt($"ask rule {ask.Display} ({ask.Origin})", ask.Display);
        }

        var inside = WorkingDirectories.FirstOrDefault(wd => TreeWalker.IsUnder(path, wd));
        if (inside is null && _blockReadsOutside)
        {
            return new ReadAccess(ReadDecision.Deny, "outside the working directories and permissions.blockReadsOutsideWorkingDirectories is true");
        }

        if (_allow.Find(r => r.Matches(path)) is { } allow)
        {
            return new ReadAccess(ReadDecision.Allow, $"allow rule {allow.Display} ({allow.Origin})", allow.Display);
        }

        if (inside is not null)
        {
            return new ReadAccess(ReadDecision.Allow, $"inside working directory {inside}; {tool} needs no prompt there");
        }

        return _mode == "bypassPermissions"
            ? new ReadAccess(ReadDecision.Allow, "outside the working directories, but defaultMode is bypassPermissions")
            : Prompt("outside the working directories", null);
    }

    private ReadAccess Prompt(string reason, string? rule) =>
        _mode == "dontAsk" || _denyInsteadOfPrompting
            ? new ReadAccess(ReadDecision.Deny, reason + "; would prompt, but nobody is asked in this mode", rule)
            : new ReadAccess(ReadDecision.Ask, reason, rule);

    private static void AddRules(JsonElement permissions, string list, ReadDecision effect, List<PathRule> into, SettingsDocument document, Anchors anchors)
    {
        if (!permissions.TryGetProperty(list, out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var rule in rules.EnumerateArray())
        {
            var position = index++;
            if (rule.ValueKind != JsonValueKind.String || rule.GetString() is not { } text)
            {
                continue;
            }

            var parsed = PathRule.TryParse(text.Trim(), effect, anchors, document.LocationOf($"/permissions/{list}/{position}").ToString());
            if (parsed is not null)
            {
                into.Add(parsed);
            }
        }
    }

    private static IEnumerable<string> Strings(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
            : [];

    private static bool IsTrue(JsonElement owner, string name) => owner.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static Func<string, bool> SandboxMatcher(string pattern, string launchDirectory, string home)
    {
        // Sandbox paths are filesystem paths: '/' is absolute, '~' the home, anything else relative to the launch.
        var absolute = pattern.StartsWith("//", StringComparison.Ordinal) ? pattern[1..] : pattern.StartsWith('/') ? pattern : Resolve(pattern, launchDirectory, home);
        var rule = new IgnoreRule(absolute.TrimStart('/'), MatchFlags.PATHNAME);
        var prefix = absolute.TrimEnd('/', '*');
        return path => TreeWalker.IsUnder(path, prefix.Length == 0 ? "/" : prefix) || rule.IsMatch(path.TrimStart('/'), false);
    }

    private static string Resolve(string directory, string launchDirectory, string home) =>
        Normalise(directory == "~" ? home : directory.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, directory[2..]) : Path.Combine(launchDirectory, directory));

    private static string Normalise(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    /// <summary>The directories a rule's pattern can be anchored at.</summary>
    private sealed record Anchors(string SourceRoot, string Cwd, string Home);

    /// <summary>One <c>Read(...)</c> rule with its anchor resolved.</summary>
    private sealed class PathRule
    {
        private readonly string _anchor;
        private readonly IgnoreRule? _matcher;

        private PathRule(string display, string origin, string anchor, IgnoreRule? matcher)
        {
            Display = display;
            Origin = origin;
            _anchor = anchor;
            _matcher = matcher;
        }

        public string Display { get; }

        public string Origin { get; }

        public static PathRule? TryParse(string text, ReadDecision effect, Anchors anchors, string origin)
        {
            if (text == "Read" || text == "Read(*)" || text == "Read(**)")
            {
                return new PathRule(text, origin, "/", null);
            }

            if (!text.StartsWith("Read(", StringComparison.Ordinal) || !text.EndsWith(')') || text.Length <= 6)
            {
                return null;
            }

            var pattern = text[5..^1];
            string anchor;
            if (pattern.StartsWith("//", StringComparison.Ordinal))
            {
                anchor = "/";
                pattern = pattern[1..];
            }
            else if (pattern.StartsWith("~/", StringComparison.Ordinal))
            {
                anchor = anchors.Home;
                pattern = pattern[1..];
            }
            else if (pattern.StartsWith('/'))
            {
                anchor = anchors.SourceRoot;
            }
            else
            {
                anchor = anchors.Cwd;
                if (pattern.StartsWith("./", StringComparison.Ordinal))
                {
                    pattern = pattern[1..];
                }
                else if (effect != ReadDecision.Allow && IsSingleSegmentDirectory(pattern))
                {
                    // deny/ask "src/**" bites at any depth; allow only at the current directory (§4.4).
                    pattern = "**/" + pattern;
                }
            }

            return new PathRule(text, origin, anchor, new IgnoreRule(pattern, MatchFlags.PATHNAME));
        }

        public bool Matches(string path)
        {
            var anchor = _anchor;
            if (_matcher is null)
            {
                return true;
            }

            if (anchor != "/" && !TreeWalker.IsUnder(path, anchor))
            {
                return false;
            }

            var relative = anchor == "/" ? path.TrimStart('/') : Path.GetRelativePath(anchor, path).Replace('\\', '/');
            return relative != "." && _matcher.IsMatch(relative, false);
        }

        private static bool IsSingleSegmentDirectory(string pattern)
        {
            var slash = pattern.IndexOf('/', StringComparison.Ordinal);
            return slash > 0 && pattern[(slash + 1)..] == "**" && !pattern.StartsWith("**", StringComparison.Ordinal);
        }
    }
}
