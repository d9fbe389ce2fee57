using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Reach;

/// <summary>
/// Loads the file-based settings tiers a launch sees, for a directory named to reach: project and local settings of the
/// launch directory and the user's settings. Managed settings and <c>--settings</c> are not read here; settings
/// discovery proper replaces this at integration.
/// </summary>
public static class ReachSettingsLoader
{
    public static ParseResult<IReadOnlyList<SettingsDocument>> Load(string settingsDirectory, string? home)
    {
        var documents = new List<SettingsDocument>();
        var diagnostics = new List<Diagnostic>();
        var candidates = new List<(SettingsSource, string)>
        {
            (SettingsSource.Local, Path.Combine(settingsDirectory, ".claude", "settings.local.json")),
            (SettingsSource.Project, Path.Combine(settingsDirectory, ".claude", "settings.json")),
        };
        if (home is not null)
        {
            candidates.Add((SettingsSource.User, Path.Combine(home, ".claude", "settings.json")));
        }

        foreach (var (source, path) in candidates)
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var file = JsonFileReader.Read(path);
            diagnostics.AddRange(file.Diagnostics);
            if (file.Value is not null)
            {
                documents.Add(SettingsDocument.FromFile(source, file.Value));
            }
        }

        return new ParseResult<IReadOnlyList<SettingsDocument>>(documents, diagnostics);
    }
}
