using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery;

/// <summary>The text of a committed customization Claude Code feeds to the model or runs: CLAUDE.md, a rule, agent, skill, command or hook script.</summary>
/// <param name="Kind">The inventory kind: claude-md, rule, agent, skill, command or hook-script.</param>
/// <param name="Path">Absolute path of the file.</param>
/// <param name="Text">Its content as UTF-8 text (invalid bytes replaced, with a diagnostic).</param>
public sealed record CustomizationFile(string Kind, string Path, string Text)
{
    /// <summary>Instruction files are prose a model reads in full; a megabyte is far past any real one, and a cap keeps a planted blob from costing memory.</summary>
    public const long MaxBytes = 1024 * 1024;

    private static readonly HashSet<string> Kinds = new(["claude-md", "rule", "agent", "skill", "command", "hook-script"], StringComparer.Ordinal);

    /// <summary>Reads the customizations among <paramref name="files"/>; an oversized, binary or unreadable one becomes a diagnostic.</summary>
    public static IReadOnlyList<CustomizationFile> ReadAll(IEnumerable<InventoryFile> files, ICollection<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var read = new List<CustomizationFile>();
        foreach (var file in files.Where(f => Kinds.Contains(f.Kind)))
        {
            var text = SafeFile.ReadText(file.Path, MaxBytes);
            foreach (var diagnostic in text.Diagnostics)
            {
                diagnostics.Add(diagnostic);
            }

            if (text.Value is { } value)
            {
                read.Add(new CustomizationFile(file.Kind, file.Path, value));
            }
        }

        return read;
    }
}
