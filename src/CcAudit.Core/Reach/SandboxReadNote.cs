namespace CcAudit.Core.Reach;

/// <summary>The sandbox settings that bear on reads (claude-code-surface.md §3.7).</summary>
/// <param name="Enabled">sandbox.enabled.</param>
/// <param name="DenyRead">sandbox.filesystem.denyRead entries as written.</param>
/// <param name="AllowUnsandboxedCommands">False when the model cannot escape the sandbox with dangerouslyDisableSandbox.</param>
public sealed record SandboxReadNote(bool Enabled, IReadOnlyList<string> DenyRead, bool AllowUnsandboxedCommands)
{
    public override string ToString() =>
        !Enabled ? "sandbox off: shell commands such as python or node read any file the user can"
        : $"sandbox on ({(DenyRead.Count == 0 ? "no filesystem.denyRead entries, so it still reads everything" : "filesystem.denyRead: " + string.Join(", ", DenyRead))}"
          + (AllowUnsandboxedCommands ? "; allowUnsandboxedCommands is true, so the model may ask to run outside it)" : ")");
}
