namespace CcAudit.Core.Reach;

/// <summary>
/// The seam between reach and the permission engine: how the effective policy of one launch treats reading a file,
/// through the Read tool and through Bash <c>cat</c>. <see cref="PermissionEngineReadPolicy"/> answers it with the
/// permission engine's effective policy.
/// </summary>
public interface IReadAccessPolicy
{
    /// <summary>The launch directory followed by every additional working directory, absolute.</summary>
    IReadOnlyList<string> WorkingDirectories { get; }

    /// <summary>The Read tool on <paramref name="absolutePath"/>.</summary>
    ReadAccess EvaluateRead(string absolutePath);

    /// <summary><c>cat '&lt;absolutePath&gt;'</c> through the Bash tool (a read-only command; Read rules apply to it).</summary>
    ReadAccess EvaluateBashCat(string absolutePath);

    /// <summary>Sandbox facts worth stating next to the verdict, or null when the sandbox is off.</summary>
    SandboxReadNote? Sandbox { get; }
}
