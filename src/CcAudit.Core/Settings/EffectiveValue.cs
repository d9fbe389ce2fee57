using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>The value a setting takes in a launch directory, the tier and place that set it, and the places it overrode.</summary>
/// <param name="Path">Dotted key path, e.g. <c>permissions.defaultMode</c>.</param>
/// <param name="Value">The winning value (for arrays: every tier's items concatenated, highest tier first).</param>
/// <param name="Source">The tier that set it (for arrays: the highest tier that contributed).</param>
/// <param name="Location">Where the winning value stands.</param>
/// <param name="Overridden">Lower-precedence places that set the same key (scalars) or contributed items (arrays).</param>
public sealed record EffectiveValue(string Path, JsonElement Value, SettingsSource Source, SourceLocation Location, IReadOnlyList<SourceLocation> Overridden);
