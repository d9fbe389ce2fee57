using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery.Mdm;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>Reads the managed-policy directory (claude-code-surface.md §1.3). Never runs policyHelper commands.</summary>
public static class ManagedPolicyLocator
{
    /// <summary>The OS managed directory Claude Code 2.1.328 reads.</summary>
    public static string DefaultDirectory =>
        OperatingSystem.IsMacOS() ? "/Library/Application Support/ClaudeCode"
        : OperatingSystem.IsWindows() ? @"C:\Program Files\ClaudeCode"
        : "/etc/claude-code";

    /// <param name="directory">The managed directory (an override or <see cref="DefaultDirectory"/>).</param>
    /// <param name="remoteCache">A home's cached server-managed settings (<c>remote-settings.json</c>), if any.</param>
    /// <param name="mdm">MDM and registry sources read from forensic copies (<c>--managed-plist</c>, <c>--managed-reg</c>).</param>
    public static (ManagedPolicy Policy, IReadOnlyList<Diagnostic> Diagnostics) Read(string directory, string? remoteCache = null, MdmSources? mdm = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var diagnostics = new List<Diagnostic>();
        var files = new List<InventoryFile>();
        var fileDocuments = new List<SettingsDocument>();
        if (LaunchDirectoryCollector.Unlistable(directory, "the managed policy directory") is { } unreadable)
        {
            diagnostics.Add(unreadable);
        }

        var main = Path.Combine(directory, "managed-settings.json");
        AddSettings(main, "managed-settings");
        var dropInDir = Path.Combine(directory, "managed-settings.d");
        IReadOnlyList<IgnoredDropIn> ignored = [];
        if (System.IO.Directory.Exists(dropInDir))
        {
            try
            {
                var entries = System.IO.Directory.EnumerateFileSystemEntries(dropInDir).Order(StringComparer.Ordinal).ToList();
                foreach (var dropIn in entries)
                {
                    if (ManagedDropIns.SkipReason(dropIn) is not { } why)
                    {
                        AddSettings(dropIn, "managed-dropin");
                        continue;
                    }

                    // What an operator dropped here believing it in force: Claude Code skips hidden and non-.json files.
                    files.Add(new InventoryFile("managed-dropin-ignored", dropIn, true));
                    var message = $"managed drop-in {Path.GetFileName(dropIn)} is ignored by Claude Code ({why}): none of its settings are in force";
                    diagnostics.Add(File.Exists(dropIn) && LooksLikeSettings(dropIn)
                        ? Diagnostic.Warning(DiagnosticCodes.NeverLoaded, message, new SourceLocation(dropIn))
                        : Diagnostic.Info(DiagnosticCodes.NeverLoaded, message, new SourceLocation(dropIn)));
                }

                ignored = [.. entries.Select(ManagedDropIns.Ignored).OfType<IgnoredDropIn>()];
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                diagnostics.Add(Diagnostic.Error(DiagnosticCodes.DirectoryUnreadable, $"cannot list managed drop-ins: {ex.Message}", new SourceLocation(dropInDir)));
            }
        }

        var mcp = Path.Combine(directory, "managed-mcp.json");
        var mcpExists = File.Exists(mcp);
        if (mcpExists)
        {
            files.Add(new InventoryFile("managed-mcp", mcp, true));
        }

        foreach (var (kind, relative) in new[] { ("managed-claude-md", "CLAUDE.md"), ("managed-customizations", ".claude") })
        {
            var path = Path.Combine(directory, relative);
            if (File.Exists(path) || System.IO.Directory.Exists(path))
            {
                files.Add(new InventoryFile(kind, path, true));
            }
        }

        // Sources in Claude Code's order within the managed tier: server-managed, MDM (plist / HKLM), files, HKCU (surface §1.3).
        var sources = new List<(string Name, IReadOnlyList<SettingsDocument> Documents)>();
        var emptyRemote = false;
        if (remoteCache is not null && File.Exists(remoteCache))
        {
            var remote = JsonFileReader.Read(remoteCache);
            diagnostics.AddRange(remote.Diagnostics);
            files.Add(new InventoryFile("remote-settings-cache", remoteCache, true, remote.HasValue));
            if (remote.Value is { Root.ValueKind: JsonValueKind.Object } cache && cache.Root.EnumerateObject().Any())
            {
                sources.Add(("server-managed (remote-settings.json)", [SettingsDocument.FromFile(SettingsSource.Managed, cache)]));
            }
            else
            {
                emptyRemote = remote.HasValue;
            }
        }

        foreach (var (name, document) in mdm?.Sources ?? [])
        {
            files.Add(new InventoryFile(name == "HKCU" ? "managed-registry-user" : name == "HKLM" ? "managed-registry" : "managed-plist", document.Path!, true));
            if (name != "HKCU" && document.Root.EnumerateObject().Any())
            {
                sources.Add((name, [document]));
            }
        }

        if (fileDocuments.Any(d => d.Root.EnumerateObject().Any()))
        {
            sources.Add(("managed-settings.json", fileDocuments));
        }

        // HKCU is used only when no other source delivers a policy key.
        if (sources.Count == 0 && mdm?.Sources.FirstOrDefault(s => s.Name == "HKCU") is { Document: { } user } && user.Root.EnumerateObject().Any())
        {
            sources.Add(("HKCU", [user]));
        }

        // Only the highest source chooses the composition, so a lower source's "merge" cannot pull itself in.
        var composition = sources.Count > 0 && StringAt(sources[0].Documents[^1].Root, "managedSourcesBehavior") == "merge" ? "merge" : "first-wins";
        IReadOnlyList<SettingsDocument> documents = sources.Count == 0 ? fileDocuments
            : composition == "merge" ? [.. Enumerable.Reverse(sources).SelectMany(s => s.Documents)]
            : sources[0].Documents;
        var inForce = sources.Count == 0 ? "none" : composition == "merge" ? "merge of " + string.Join(", ", sources.Select(s => s.Name)) : sources[0].Name;
        var policy = new ManagedPolicy(directory, documents, files, mcpExists ? mcp : null, composition)
        {
            InForce = inForce,
            Shadowed = composition == "merge" ? [] : [.. sources.Skip(1).Select(s => s.Name)],
            EmptyRemoteCache = emptyRemote,
            IgnoredDropIns = ignored,
        };
        return (policy, diagnostics);

        void AddSettings(string path, string kind)
        {
            if (!File.Exists(path) && !System.IO.Directory.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                return;
            }

            var read = JsonFileReader.Read(path);
            diagnostics.AddRange(read.Diagnostics);
            files.Add(new InventoryFile(kind, path, true, read.HasValue));
            if (read.Value is { } file)
            {
                if (file.Root.ValueKind != JsonValueKind.Object)
                {
                    diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"settings must be a JSON object, not {file.Root.ValueKind}; Claude Code ignores this file", new SourceLocation(path, 1, 1)));
                    return;
                }

                SettingsShape.CheckSettings(file, diagnostics);
                fileDocuments.Add(SettingsDocument.FromFile(SettingsSource.Managed, file));
            }
        }
    }

    private static string? StringAt(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A JSON object (what an operator meant as settings) is a warning; a README or notes file only information.</summary>
    private static bool LooksLikeSettings(string path)
    {
        var read = JsonFileReader.Read(path);
        return read.Value?.Root.ValueKind == System.Text.Json.JsonValueKind.Object;
    }
}
