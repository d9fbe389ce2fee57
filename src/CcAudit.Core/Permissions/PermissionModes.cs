namespace CcAudit.Core.Permissions;

/// <summary>The permission modes Claude Code 2.1.328 accepts (<c>--permission-mode</c>, <c>defaultMode</c>).</summary>
public static class PermissionModes
{
    /// <summary>Every mode, <c>default</c> first; <c>manual</c> is the older name of <c>default</c>.</summary>
    public static IReadOnlyList<string> All { get; } = ["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions", "auto", "manual"];
}
