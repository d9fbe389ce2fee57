using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery.Mdm;

/// <summary>Managed settings delivered by the OS rather than a file: the macOS plist or profile, and HKLM / HKCU from a registry export.</summary>
/// <param name="Sources">Each source by name (<c>MDM plist</c>, <c>HKLM</c>, <c>HKCU</c>) with its settings as a managed document.</param>
public sealed record MdmSources(IReadOnlyList<(string Name, SettingsDocument Document)> Sources)
{
    /// <summary>Reads the forensic copies named on the command line; an unreadable or malformed one is a diagnostic.</summary>
    public static (MdmSources Value, IReadOnlyList<Diagnostic> Diagnostics) Read(string? plist, string? registry)
    {
        var sources = new List<(string, SettingsDocument)>();
        var diagnostics = new List<Diagnostic>();
        if (plist is not null)
        {
            var (settings, plistDiagnostics) = PlistReader.ReadSettings(plist);
            diagnostics.AddRange(plistDiagnostics);
            if (settings is not null)
            {
                sources.Add(("MDM plist", Document(JsonSerializer.SerializeToElement(settings), plist)));
            }
        }

        if (registry is not null)
        {
            var (policy, registryDiagnostics) = RegistryExportReader.Read(registry);
            diagnostics.AddRange(registryDiagnostics);
            foreach (var (name, json) in new[] { ("HKLM", policy?.Machine), ("HKCU", policy?.User) })
            {
                if (json is null)
                {
                    continue;
                }

                var parsed = JsonFileReader.Parse(json, $"{registry} ({name}\\SOFTWARE\\Policies\\ClaudeCode\\Settings)");
                diagnostics.AddRange(parsed.Diagnostics);
                if (parsed.Value is { Root.ValueKind: JsonValueKind.Object } file)
                {
                    sources.Add((name, SettingsDocument.FromFile(SettingsSource.Managed, file)));
                }
            }
        }

        return (new MdmSources(sources), diagnostics);
    }

    private static SettingsDocument Document(JsonElement root, string path) => new(SettingsSource.Managed, root, null, path);
}
