namespace CcAudit.Core.Reach;

/// <summary>How git sees a file, from the .gitignore stack alone (the index is not read).</summary>
public enum GitState
{
    /// <summary>Not inside a git work tree.</summary>
    NoRepository,

    /// <summary>Inside a work tree and not ignored: tracked, or committable.</summary>
    NotIgnored,

    /// <summary>Ignored by a .gitignore or .git/info/exclude: invisible to git, still readable by Claude Code.</summary>
    Ignored,
}
