using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// One settings source as Claude Code would load it: its tier, the file it came from and its JSON object. This is the
/// seam between discovery (which finds and reads files) and everything that interprets settings (the permission engine,
/// the rules): permission cases build the same documents from inline JSON, without files.
/// </summary>
/// <param name="Source">The tier.</param>
/// <param name="Root">The settings object (a JSON object; anything else is treated as empty).</param>
/// <param name="File">The parsed file, for line/column of values; null for inline settings (permission cases, <c>--settings '{…}'</c>).</param>
/// <param name="Path">The file path, or null for inline settings.</param>
public sealed record SettingsDocument(SettingsSource Source, JsonElement Root, JsonFile? File = null, string? Path = null)
{
    /// <summary>When the file was last written (UTC), when it came from a file.</summary>
    public DateTimeOffset? LastWrite { get; init; }

    /// <summary>Where the value at <paramref name="jsonPointer"/> stands, or an inline pseudo-location.</summary>
    public SourceLocation LocationOf(string jsonPointer) =>
        File?.LocationOf(jsonPointer) ?? new SourceLocation(Path ?? $"<{Source.ShortName()} settings>", 0, 0, jsonPointer);

    /// <summary>Builds a document from a parsed file.</summary>
    public static SettingsDocument FromFile(SettingsSource source, JsonFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new SettingsDocument(source, file.Root, file, file.Path);
    }

    /// <summary>Builds a document from inline JSON (no file).</summary>
    public static SettingsDocument Inline(SettingsSource source, JsonElement root) => new(source, root.Clone());
}
