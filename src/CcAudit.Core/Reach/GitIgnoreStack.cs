using CcAudit.Core.Common;
using MAB.DotIgnore;

namespace CcAudit.Core.Reach;

/// <summary>
/// The .gitignore files in force for one directory, deepest first, as an immutable chain so every directory on the
/// walk's stack can hold its own without copying. Git semantics: the deepest file's last matching rule decides, and
/// nothing below an ignored directory can be re-included.
/// </summary>
internal sealed class GitIgnoreStack
{
    private static readonly GitIgnoreStack NoRepository = new(null, string.Empty, [], inRepository: false, ignoredDirectory: false);

    private readonly GitIgnoreStack? _parent;
    private readonly string _base;
    private readonly IgnoreRule[] _rules;
    private readonly FastRule?[] _fast;

    private GitIgnoreStack(GitIgnoreStack? parent, string baseRelative, IgnoreRule[] rules, bool inRepository, bool ignoredDirectory)
    {
        _parent = parent;
        _base = baseRelative;
        _rules = rules;
        _fast = [.. rules.Select(FastRule.TryCreate)];
        InRepository = inRepository;
        IgnoredDirectory = ignoredDirectory;
    }

    public bool InRepository { get; }

    /// <summary>True when this directory itself is ignored, which makes everything below it ignored.</summary>
    public bool IgnoredDirectory { get; }

    /// <summary>
    /// The stack for a walk root: when the root lies inside a work tree, the .gitignore files from the work-tree
    /// root down to the walk root apply, and so does .git/info/exclude.
    /// </summary>
    public static GitIgnoreStack ForRoot(string root, DiagnosticSink diagnostics)
    {
        var ancestors = new List<string>();
        for (var dir = new DirectoryInfo(root); dir is not null; dir = dir.Parent)
        {
            ancestors.Add(dir.FullName);
            if (Path.Exists(Path.Combine(dir.FullName, ".git")))
            {
                ancestors.Reverse();
                var repoRoot = ancestors[0];
                var stack = NoRepository.Enter(AncestorBase(repoRoot, root), ReadRules(Path.Combine(repoRoot, ".git", "info", "exclude"), diagnostics), isWorkTreeRoot: true);
                foreach (var ancestor in ancestors)
                {
                    stack = stack.Enter(AncestorBase(ancestor, root), ReadRules(Path.Combine(ancestor, ".gitignore"), diagnostics), isWorkTreeRoot: false);
                }

                return stack;
            }
        }

        return NoRepository;
    }

    /// <summary>
    /// Rules of an ancestor of the walk root are relative to that ancestor; the base records the walk root's path
    /// below it (prefixed '-') so walk-relative paths can be re-rooted without '../'.
    /// </summary>
    private static string AncestorBase(string ancestor, string root)
    {
        var suffix = Path.GetRelativePath(ancestor, root).Replace('\\', '/');
        return suffix == "." ? string.Empty : "-" + suffix;
    }

    /// <summary>The stack for a subdirectory at <paramref name="relative"/> (from the walk root), given its entries.</summary>
    public GitIgnoreStack Child(string relative, string fullPath, bool hasGitDir, bool hasGitIgnore, DiagnosticSink diagnostics)
    {
        if (IgnoredDirectory)
        {
            return this;
        }

        if (IsIgnored(relative, isDirectory: true))
        {
            return new GitIgnoreStack(this, relative, [], InRepository, ignoredDirectory: true);
        }

        if (hasGitDir)
        {
            // A nested work tree (submodule or vendored clone) has its own rules; the outer ones stop here.
            var fresh = NoRepository.Enter(relative, ReadRules(Path.Combine(fullPath, ".git", "info", "exclude"), diagnostics), isWorkTreeRoot: true);
            return hasGitIgnore ? fresh.Enter(relative, ReadRules(Path.Combine(fullPath, ".gitignore"), diagnostics), false) : fresh;
        }

        return hasGitIgnore ? Enter(relative, ReadRules(Path.Combine(fullPath, ".gitignore"), diagnostics), false) : this;
    }

    /// <summary>Whether the entry at <paramref name="relative"/> (from the walk root) is ignored.</summary>
    public bool IsIgnored(string relative, bool isDirectory)
    {
        if (!InRepository)
        {
            return false;
        }

        if (IgnoredDirectory)
        {
            return true;
        }

        for (var frame = this; frame is not null; frame = frame._parent)
        {
            if (frame._rules.Length == 0)
            {
                continue;
            }

            var local = frame.Localise(relative);
            for (var i = frame._rules.Length - 1; i >= 0; i--)
            {
                var rule = frame._rules[i];
                if (frame._fast[i] is { } fast ? fast.IsMatch(local, isDirectory) : rule.IsMatch(local, isDirectory))
                {
                    return (rule.PatternFlags & PatternFlags.NEGATION) == 0;
                }
            }
        }

        return false;
    }

    public GitState StateOf(string relative, bool isDirectory) =>
        !InRepository ? GitState.NoRepository : IsIgnored(relative, isDirectory) ? GitState.Ignored : GitState.NotIgnored;

    private GitIgnoreStack Enter(string baseRelative, IgnoreRule[] rules, bool isWorkTreeRoot) =>
        new(this, baseRelative, rules, InRepository || isWorkTreeRoot, ignoredDirectory: false);

    /// <summary>
    /// The path as the frame's rules see it. A base starting with '-' belongs to an ancestor of the walk root and
    /// names the walk root relative to that ancestor; otherwise the base is a directory below the walk root.
    /// </summary>
    private string Localise(string relative)
    {
        if (_base.Length == 0)
        {
            return relative;
        }

        if (_base[0] == '-')
        {
            return string.Concat(_base.AsSpan(1), "/", relative);
        }

        return relative.Length > _base.Length ? relative[(_base.Length + 1)..] : relative;
    }

    private static IgnoreRule[] ReadRules(string path, DiagnosticSink diagnostics)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var text = SafeFile.ReadText(path, 1024 * 1024);
        foreach (var diagnostic in text.Diagnostics)
        {
            diagnostics.Add(diagnostic);
        }

        if (text.Value is null)
        {
            return [];
        }

        var lines = text.Value.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('#') && !string.IsNullOrWhiteSpace(l));
        return [.. new IgnoreList(lines, MatchFlags.PATHNAME).Rules];
    }

    /// <summary>
    /// The two rule shapes that fill most .gitignore files, <c>name</c> and <c>*.ext</c> (optionally dir-only),
    /// matched on the last path segment without a regex; everything else goes to MAB.DotIgnore.
    /// </summary>
    private sealed record FastRule(string Literal, bool Suffix, bool DirectoryOnly)
    {
        public static FastRule? TryCreate(IgnoreRule rule)
        {
            var pattern = rule.OriginalPattern.Trim();
            if (pattern.StartsWith('!'))
            {
                pattern = pattern[1..];
            }

            var directoryOnly = pattern.EndsWith('/');
            pattern = pattern.TrimEnd('/');
            if (pattern.Length == 0 || pattern.AsSpan().IndexOfAny("/\\[]?") >= 0)
            {
                return null;
            }

            var star = pattern.LastIndexOf('*');
            return star switch
            {
                -1 => new FastRule(pattern, false, directoryOnly),
                0 when pattern.Length > 1 && pattern.IndexOf('*', 1) < 0 => new FastRule(pattern[1..], true, directoryOnly),
                _ => null,
            };
        }

        public bool IsMatch(string path, bool isDirectory)
        {
            if (DirectoryOnly && !isDirectory)
            {
                return false;
            }

            var slash = path.LastIndexOf('/');
            var name = slash < 0 ? path.AsSpan() : path.AsSpan(slash + 1);
            return Suffix ? name.EndsWith(Literal, StringComparison.Ordinal) : name.SequenceEqual(Literal);
        }
    }
}
