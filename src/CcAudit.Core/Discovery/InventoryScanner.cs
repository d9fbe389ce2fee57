using System.Globalization;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Discovery;

/// <summary>
/// Audit step 1: finds every Claude home, the managed policy and every launch directory, and computes each launch
/// directory's effective settings and MCP servers. Reads files only; never runs anything it finds (hooks, helpers,
/// MCP commands). Every file it could not read is a diagnostic in the inventory.
/// </summary>
public static class InventoryScanner
{
    public static ScanResult Scan(ScanOptions options, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();
        var (homes, homeDiagnostics) = ClaudeHomeLocator.Locate(options);
        diagnostics.AddRange(homeDiagnostics);

        var managedDir = options.ManagedDirectory ?? ManagedPolicyLocator.DefaultDirectory;
        var (mdm, mdmDiagnostics) = Mdm.MdmSources.Read(options.ManagedPlist, options.ManagedRegistry);
        diagnostics.AddRange(mdmDiagnostics);
        var (managed, managedDiagnostics) = ManagedPolicyLocator.Read(managedDir, null, mdm);
        diagnostics.AddRange(managedDiagnostics);
        var managedServers = ManagedServers(managed, diagnostics);

        var homeReports = new List<HomeReport>();
        var homeContexts = new List<HomeContext>();
        var launches = new List<LaunchContext>();
        var launchReports = new List<LaunchDirectoryReport>();
        var serverReports = new List<McpServerReport>();
        var firstHome = true;
        var profiles = new Dictionary<string, IReadOnlyList<ShellProfileLine>>(StringComparer.Ordinal);
        foreach (var home in homes)
        {
            options.Progress?.Report($"reading {home.ConfigDir}");
            // Server-managed settings are cached per signed-in user, so they join the managed tier of this home's launches only.
            var (homeManaged, homeManagedServers) = (managed, managedServers);
            var remoteCache = System.IO.Path.Combine(home.ConfigDir, "remote-settings.json");
            if (File.Exists(remoteCache))
            {
                (homeManaged, var remoteDiagnostics) = ManagedPolicyLocator.Read(managedDir, remoteCache, mdm);
                diagnostics.AddRange(remoteDiagnostics);
                homeManagedServers = ManagedServers(homeManaged, diagnostics);
            }

            var global = ReadOptional(home.GlobalConfigPath, diagnostics);
            if (global is not null)
            {
                SettingsShape.CheckGlobal(global, diagnostics);
            }
            // Read here as well as per launch directory: a home no launch directory uses still has settings to audit.
            var userFile = ReadOptional(home.UserSettingsPath, diagnostics);
            var userSettings = userFile is { Root.ValueKind: JsonValueKind.Object } ? SettingsDocument.FromFile(SettingsSource.User, userFile) : null;
            var homeReport = DescribeHome(home, global, userFile, homeManaged.Files.Where(f => f.Kind == "remote-settings-cache"),
                diagnostics)
                with { Retention = RetentionForensics.Read(home, homeManaged.Documents, userSettings, diagnostics) };
            homeReports.Add(homeReport);
            var homeServers = global is null ? [] : Collect(McpServerConfigParser.ParseMap(global, "/mcpServers", McpScope.User), diagnostics);
            var installs = PluginMcpCollector.Installs(home, diagnostics, options.PathMaps);
            homeServers.AddRange(installs.SelectMany(i => PluginMcpCollector.FromPlugin(i.Plugin, i.Root, diagnostics)));
            var pluginHooks = installs.Select(i => (i.Plugin, PluginHooks.Load(i.Root, diagnostics))).Where(p => p.Item2.Count > 0).ToList();
            // One decider for the home's servers: the same answer in every report, whether or not a launch directory was recorded.
            var homeDecisions = McpLoadDecider.Decide(homeServers, [.. homeManaged.Documents, .. userSettings is null ? [] : new[] { userSettings }], true, null);
            if (!profiles.TryGetValue(home.UserHome, out var profile))
            {
                profiles[home.UserHome] = profile = ShellProfiles.Read(home.UserHome, diagnostics);
            }

            homeContexts.Add(new HomeContext(home, global, userSettings, homeReport)
            {
                McpDecisions = homeDecisions, ShellProfile = profile, Managed = homeManaged,
            });
            serverReports.AddRange(homeDecisions.Select(d => Report(d.Server, home, null, d)));

            var (sightings, sightingDiagnostics) = LaunchDirectoryCollector.Collect(home, global, options.TranscriptHeadLines);
            diagnostics.AddRange(sightingDiagnostics);
            var explicitProjects = firstHome ? options.Projects.Select(p => new LaunchDirectoryCollector.Sighting(System.IO.Path.GetFullPath(p), "--project")) : [];
            firstHome = false;
            var directories = sightings
                .Concat(explicitProjects)
                .GroupBy(s => Normalize(options.PathMaps.Apply(s.RecordedPath)), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);

            foreach (var group in directories)
            {
                options.Progress?.Report($"launch directory {group.Key}");
                var inputs = new HomeInputs(home, global, homeManaged, homeManagedServers, homeServers, pluginHooks, options);
                var (context, report, servers) = DescribeLaunch(inputs, group.Key, group.ToList(), diagnostics);
                launches.Add(context);
                launchReports.Add(report);
                serverReports.AddRange(servers);
            }
        }

        foreach (var server in managedServers)
        {
            serverReports.Add(Report(server, null, null, null));
        }

        var plugins = Plugins(homeContexts, launches, managed, diagnostics, options.PathMaps);

        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var inventory = new Inventory(
            Inventory.CurrentSchemaVersion,
            "ccaudit " + typeof(InventoryScanner).Assembly.GetName().Version?.ToString(3),
            "2.1.328",
            now,
            new MachineInfo(Environment.MachineName, System.Runtime.InteropServices.RuntimeInformation.OSDescription, HomeOwner.Of(homes, options.PasswdFile)),
            homeReports,
            new ManagedReport(managed.Directory, managed.Present, managed.Composition, managed.McpConfigPath is not null, managed.Files) { InForce = managed.InForce, Shadowed = managed.Shadowed },
            launchReports,
            serverReports,
            diagnostics.Distinct().ToList())
        { Plugins = plugins };
        return new ScanResult(inventory, launches, homeContexts, managed);
    }

    /// <summary>Every home's plugins and mods, then the built-in bundle once, each with the settings files that enable it.</summary>
    private static List<PluginReport> Plugins(IReadOnlyList<HomeContext> homes, IReadOnlyList<LaunchContext> launches,
        ManagedPolicy managed, List<Diagnostic> diagnostics, PathMap map)
    {
        static bool Enables(SettingsDocument d) => d.Path is not null
            && d.Source is SettingsSource.Managed or SettingsSource.User or SettingsSource.Project or SettingsSource.Local
                or SettingsSource.Flag;
        var plugins = new List<PluginReport>();
        var all = new List<PluginInventory.Enabler>();
        foreach (var home in homes)
        {
            var enablers = (home.Managed ?? managed).Documents.Where(Enables).Select(d => new PluginInventory.Enabler(d, null)).ToList();
            if (home.UserSettings is { } user && Enables(user))
            {
                enablers.Add(new PluginInventory.Enabler(user, null));
            }

            enablers.AddRange(launches.Where(l => l.Home.ConfigDir == home.Home.ConfigDir)
                .SelectMany(l => l.Settings.Documents.Where(Enables).Select(d => new PluginInventory.Enabler(d, l.Path))));
            all.AddRange(enablers);
            plugins.AddRange(PluginInventory.ForHome(home.Home, enablers, home.ShellProfile, diagnostics, map));
        }

        plugins.AddRange(PluginInventory.BuiltinReports(all));
        return plugins;
    }

    /// <summary>Builds the settings documents Claude Code would load in a launch directory, highest tier first; <paramref name="flagSettings"/> is the file given as <c>--settings</c>, if any.</summary>
    public static (IReadOnlyList<SettingsDocument> Documents, IReadOnlyList<InventoryFile> Files) LoadSettings(ClaudeHome home, ManagedPolicy managed, string directory, string? gitRoot, string? flagSettings, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(home);
        ArgumentNullException.ThrowIfNull(managed);
        ArgumentNullException.ThrowIfNull(diagnostics);
        var documents = new List<SettingsDocument>(managed.Documents);
        var files = new List<InventoryFile>();
        var localRoot = gitRoot is not null && gitRoot != home.UserHome ? gitRoot : directory;
        var tiers = new List<(SettingsSource, string, string)>
        {
            (SettingsSource.Local, "local-settings", System.IO.Path.Combine(localRoot, ".claude", "settings.local.json")),
            (SettingsSource.Project, "project-settings", System.IO.Path.Combine(directory, ".claude", "settings.json")),
            (SettingsSource.User, "user-settings", home.UserSettingsPath),
        };
        if (flagSettings is not null)
        {
            tiers.Insert(0, (SettingsSource.Flag, "flag-settings", System.IO.Path.GetFullPath(flagSettings)));
        }

        foreach (var (source, kind, path) in tiers)
        {
            // The project and user tiers coincide when Claude Code is launched in the home itself: load it once, as user settings.
            if (source == SettingsSource.Project && path == home.UserSettingsPath)
            {
                continue;
            }

            if (Directory.Exists(path))
            {
                diagnostics.Add(NotAFile(path, "settings"));
                files.Add(new InventoryFile(kind, path, true, false, Mode(path)));
                continue;
            }

            if (!File.Exists(path) && new FileInfo(path).LinkTarget is null)
            {
                files.Add(new InventoryFile(kind, path, false, false));
                continue;
            }

            var read = JsonFileReader.Read(path);
            diagnostics.AddRange(read.Diagnostics);
            files.Add(new InventoryFile(kind, path, true, read.HasValue, Mode(path)));
            if (read.Value is null)
            {
                continue;
            }

            if (read.Value.Root.ValueKind != JsonValueKind.Object)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.JsonWrongType, $"settings must be a JSON object, not {read.Value.Root.ValueKind}; Claude Code ignores this file", new SourceLocation(path, 1, 1)));
                continue;
            }

            SettingsShape.CheckSettings(read.Value, diagnostics);
            documents.Add(SettingsDocument.FromFile(source, read.Value) with { LastWrite = File.GetLastWriteTimeUtc(path) });
        }

        return (documents, files);
    }

    /// <summary>What every launch directory of one home shares: its global config, managed tier, servers and installed plugins' hooks.</summary>
    private sealed record HomeInputs(
        ClaudeHome Home, JsonFile? Global, ManagedPolicy Managed, IReadOnlyList<McpServerConfig> ManagedServers, IReadOnlyList<McpServerConfig> HomeServers,
        IReadOnlyList<(string Plugin, IReadOnlyList<SettingsDocument> Documents)> PluginHooks, ScanOptions Options);

    private static (LaunchContext, LaunchDirectoryReport, List<McpServerReport>) DescribeLaunch(
        HomeInputs inputs, string directory, List<LaunchDirectoryCollector.Sighting> sightings, List<Diagnostic> diagnostics)
    {
        var (home, global, managed, managedServers, homeServers, _, options) = inputs;
        var (map, flagSettings, repositoryRoot) = (options.PathMaps, options.FlagSettings, options.RepositoryRoot);
        var exists = Directory.Exists(directory);
        if (!exists && sightings.Any(s => s.Source == "--project"))
        {
            diagnostics.Add(Diagnostic.Error(DiagnosticCodes.FileMissing, "launch directory named with --project does not exist", new SourceLocation(directory)));
        }

        // Its settings, .mcp.json and CLAUDE.md would look absent: say the directory could not be read instead.
        foreach (var unreadable in new[] { directory, System.IO.Path.Combine(directory, ".claude") }
                     .Select(d => LaunchDirectoryCollector.Unlistable(d, "launch directory")).OfType<Diagnostic>())
        {
            diagnostics.Add(unreadable);
        }

        // check audits one repository: its root is the git root of every directory in it, never a checkout above it.
        var gitRoot = !exists ? null : repositoryRoot is not null && IsUnder(directory, repositoryRoot) ? repositoryRoot : GitRoot.Find(directory);
        var projectEntry = ProjectEntry(global, map, gitRoot, directory);
        var trusted = projectEntry is { } entry && entry.Value.TryGetProperty("hasTrustDialogAccepted", out var t) && t.ValueKind == JsonValueKind.True;
        var (loaded, settingsFiles) = LoadSettings(home, managed, directory, gitRoot, flagSettings, diagnostics);
        var files = new List<InventoryFile>(settingsFiles);
        var servers = new List<McpServerConfig>(managedServers);
        servers.AddRange(homeServers);
        var documents = WithPluginHooks(inputs, loaded, directory, servers, files, diagnostics);
        var effective = EffectiveSettingsBuilder.Build(documents, trusted);
        if (global is not null)
        {
            foreach (var key in new[] { directory, gitRoot }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                var recorded = global.Root.ValueKind == JsonValueKind.Object && global.Root.TryGetProperty("projects", out var projects) && projects.ValueKind == JsonValueKind.Object
                    ? projects.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => Normalize(map.Apply(name)) == key)
                    : null;
                if (recorded is not null)
                {
                    servers.AddRange(Collect(McpServerConfigParser.ParseMap(global, "/projects/" + JsonFile.EscapePointerToken(recorded) + "/mcpServers", McpScope.Local, key), diagnostics));
                }
            }
        }

        var mcpJson = System.IO.Path.Combine(directory, ".mcp.json");
        if (Directory.Exists(mcpJson))
        {
            diagnostics.Add(NotAFile(mcpJson, "MCP server"));
        }
        else if (File.Exists(mcpJson))
        {
            var read = JsonFileReader.Read(mcpJson);
            diagnostics.AddRange(read.Diagnostics);
            files.Add(new InventoryFile("mcp-json", mcpJson, true, read.HasValue, Mode(mcpJson)));
            if (read.Value is { } file)
            {
                servers.AddRange(Collect(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Project, directory), diagnostics));
            }
        }

        // Scripts the repository's hooks call are read wherever they live in it, not only under .claude/hooks.
        var projectFiles = ProjectFiles(directory, gitRoot).Concat(HookScripts.Referenced(effective.Hooks, directory, gitRoot))
            .DistinctBy(f => f.Path, StringComparer.Ordinal).ToList();
        files.AddRange(projectFiles);
        var customizations = CustomizationFile.ReadAll(projectFiles, diagnostics);
        var toggledOff = projectEntry is { } pe && pe.Value.TryGetProperty("disabledMcpServers", out var off) && off.ValueKind == JsonValueKind.Array
            ? off.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
            : null;
        var decisions = McpLoadDecider.Decide(servers, documents, trusted, toggledOff);
        var serverReports = decisions
            .Where(d => d.Server.Scope is McpScope.Local or McpScope.Project || (repositoryRoot is not null && d.Server.Scope == McpScope.Plugin))
            .Select(d => Report(d.Server, home, directory, d))
            .ToList();

        var context = new LaunchContext(home, directory, gitRoot, trusted, effective, servers, decisions, global) { Customizations = customizations };
        var rules = effective.PermissionRules;
        var report = new LaunchDirectoryReport(
            directory,
            [.. sightings.Select(s => s.RecordedPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            [.. sightings.Select(s => s.Source).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            home.ConfigDir,
            exists,
            trusted,
            gitRoot,
            files,
            effective.GetString("permissions.defaultMode"),
            effective.Get("permissions.defaultMode")?.Source.ShortName(),
            rules.Count(r => r.Applied && r.List == PermissionList.Allow),
            rules.Count(r => r.Applied && r.List == PermissionList.Ask),
            rules.Count(r => r.Applied && r.List == PermissionList.Deny),
            rules.Count(r => !r.Applied),
            effective.Hooks.Count,
            effective.Get("permissions.additionalDirectories")?.Value is { ValueKind: JsonValueKind.Array } dirs ? [.. dirs.EnumerateArray().Select(d => d.ToString())] : [],
            [.. decisions.Select(d => $"{d.Server.Name} ({d.Server.Scope.ToString().ToLowerInvariant()}: {Kebab(d.State.ToString())})")]);
        return (context, report, serverReports);
    }

    /// <summary>
    /// Adds the hooks of every installed plugin the launch directory's settings enable; under <c>check</c>, a directory
    /// that is itself a plugin root (a plugin the repository ships) brings its hooks and servers as if enabled.
    /// </summary>
    private static List<SettingsDocument> WithPluginHooks(
        HomeInputs inputs, IReadOnlyList<SettingsDocument> loaded, string directory, List<McpServerConfig> servers, List<InventoryFile> files, List<Diagnostic> diagnostics)
    {
        var documents = new List<SettingsDocument>(loaded);
        documents.AddRange(inputs.PluginHooks.Where(p => McpLoadDecider.PluginEnabled(loaded, p.Plugin)).SelectMany(p => p.Documents));
        if (inputs.Options.RepositoryRoot is null || !Directory.Exists(directory) || !PluginHooks.IsPluginRoot(directory))
        {
            return documents;
        }

        var shipped = PluginHooks.Load(directory, diagnostics);
        documents.AddRange(shipped);
        files.AddRange(shipped.Select(d => new InventoryFile("plugin-hooks", d.Path!, true, true, Mode(d.Path!))));
        var manifest = System.IO.Path.Combine(directory, ".claude-plugin", "plugin.json");
        if (File.Exists(manifest))
        {
            files.Add(new InventoryFile("plugin-manifest", manifest, true, true, Mode(manifest)));
        }

        var name = System.IO.Path.GetFileName(directory) + "@repository";
        servers.AddRange(PluginMcpCollector.FromPlugin(name, directory, diagnostics).Where(s => !servers.Any(o => o.Location == s.Location && o.Name == s.Name)));
        return documents;
    }

    private static Diagnostic NotAFile(string path, string what) =>
        Diagnostic.Error(DiagnosticCodes.NotAFile, $"a directory where Claude Code expects a {what} file: it reads nothing from it, and neither did the audit", new SourceLocation(path));

    private static bool IsUnder(string path, string root) =>
        path == root || path.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal);

    private static JsonProperty? ProjectEntry(JsonFile? global, PathMap map, string? gitRoot, string directory)
    {
        if (global?.Root is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("projects", out var projects) || projects.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Trust is keyed on the git root (worktrees resolve to the main checkout), else on the launch directory.
        foreach (var key in new[] { gitRoot, directory }.OfType<string>())
        {
            foreach (var project in projects.EnumerateObject())
            {
                if (Normalize(map.Apply(project.Name)) == key && project.Value.ValueKind == JsonValueKind.Object)
                {
                    return project;
                }
            }
        }

        return null;
    }

    private static IEnumerable<InventoryFile> ProjectFiles(string directory, string? gitRoot)
    {
        var files = new List<InventoryFile>();
        for (var dir = directory; dir is not null; dir = System.IO.Path.GetDirectoryName(dir))
        {
            foreach (var name in new[] { "CLAUDE.md", ".claude/CLAUDE.md", "CLAUDE.local.md", "AGENTS.md" })
            {
                var path = System.IO.Path.Combine(dir, name);
                if (File.Exists(path))
                {
                    files.Add(new InventoryFile("claude-md", path, true));
                }
            }

            if (gitRoot is null || dir == gitRoot)
            {
                break;
            }
        }

        foreach (var (kind, sub, pattern) in new[] { ("agent", "agents", "*.md"), ("skill", "skills", "SKILL.md"), ("command", "commands", "*.md"), ("hook-script", "hooks", "*"), ("rule", "rules", "*.md") })
        {
            var root = System.IO.Path.Combine(directory, ".claude", sub);
            files.AddRange(LaunchDirectoryCollector.SafeEnumerate(root, pattern, SearchOption.AllDirectories, []).Select(f => new InventoryFile(kind, f, true)));
        }

        return files;
    }

    private static HomeReport DescribeHome(ClaudeHome home, JsonFile? global, JsonFile? userSettings, IEnumerable<InventoryFile> remoteCache, List<Diagnostic> diagnostics)
    {
        var files = new List<InventoryFile>
        {
            new("global-config", home.GlobalConfigPath, File.Exists(home.GlobalConfigPath), global is not null || !File.Exists(home.GlobalConfigPath), Mode(home.GlobalConfigPath)),
            new("user-settings", home.UserSettingsPath, File.Exists(home.UserSettingsPath), userSettings is not null || !File.Exists(home.UserSettingsPath), Mode(home.UserSettingsPath)),
        };
        files.AddRange(remoteCache);
        var credentials = System.IO.Path.Combine(home.ConfigDir, ".credentials.json");
        var credentialsPresent = File.Exists(credentials);
        if (credentialsPresent)
        {
            files.Add(new InventoryFile("credentials", credentials, true, true, Mode(credentials)));
        }

        var claudeMd = System.IO.Path.Combine(home.ConfigDir, "CLAUDE.md");
        if (File.Exists(claudeMd))
        {
            files.Add(new InventoryFile("claude-md", claudeMd, true));
        }

        RedactedSecret? apiKey = null;
        var approved = 0;
        string? organization = null, account = null;
        if (global?.Root is { ValueKind: JsonValueKind.Object } root)
        {
            if (root.TryGetProperty("primaryApiKey", out var key) && key.ValueKind == JsonValueKind.String && key.GetString()!.Length > 0)
            {
                apiKey = Redaction.Redact(key.GetString()!);
            }

            if (root.TryGetProperty("customApiKeyResponses", out var responses) && responses.ValueKind == JsonValueKind.Object && responses.TryGetProperty("approved", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                approved = list.GetArrayLength();
            }

            if (root.TryGetProperty("oauthAccount", out var oauth) && oauth.ValueKind == JsonValueKind.Object)
            {
                organization = oauth.TryGetProperty("organizationName", out var org) && org.ValueKind == JsonValueKind.String ? org.GetString() : null;
                account = oauth.TryGetProperty("emailAddress", out var email) && email.ValueKind == JsonValueKind.String ? email.GetString() : null;
            }
        }

        var plugins = Keys(System.IO.Path.Combine(home.ConfigDir, "plugins", "installed_plugins.json"), "/plugins", diagnostics);
        var marketplaces = Keys(System.IO.Path.Combine(home.ConfigDir, "plugins", "known_marketplaces.json"), string.Empty, diagnostics);
        var transcripts = LaunchDirectoryCollector.SafeEnumerate(System.IO.Path.Combine(home.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories, diagnostics);
        long bytes = 0;
        foreach (var transcript in transcripts)
        {
            try
            {
                bytes += new FileInfo(transcript).Length;
            }
            catch (IOException)
            {
            }
        }

        int Count(string sub, string pattern) => LaunchDirectoryCollector.SafeEnumerate(System.IO.Path.Combine(home.ConfigDir, sub), pattern, SearchOption.AllDirectories, diagnostics).Count();

        return new HomeReport(
            home.UserHome, home.ConfigDir, home.GlobalConfigPath, home.Origin, home.Exists, files, credentialsPresent, credentialsPresent ? Mode(credentials) : null,
            apiKey, approved, organization, account, plugins, marketplaces,
            Count("agents", "*.md"), Count("skills", "SKILL.md"), Count("commands", "*.md"),
            transcripts.Count(), bytes, Count("sessions", "*.json"));
    }

    private static List<string> Keys(string path, string pointer, List<Diagnostic> diagnostics)
    {
        var read = ReadOptional(path, diagnostics);
        if (read is null)
        {
            return [];
        }

        var node = read.Root;
        if (pointer.Length > 0 && !(node.ValueKind == JsonValueKind.Object && node.TryGetProperty(pointer.TrimStart('/'), out node)))
        {
            return [];
        }

        return node.ValueKind == JsonValueKind.Object ? [.. node.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)] : [];
    }

    private static List<McpServerConfig> ManagedServers(ManagedPolicy managed, List<Diagnostic> diagnostics)
    {
        var servers = new List<McpServerConfig>();
        if (managed.McpConfigPath is not null)
        {
            var read = JsonFileReader.Read(managed.McpConfigPath);
            diagnostics.AddRange(read.Diagnostics);
            if (read.Value is { } file)
            {
                servers.AddRange(Collect(McpServerConfigParser.ParseMap(file, "/mcpServers", McpScope.Enterprise), diagnostics));
            }
        }

        foreach (var document in managed.Documents.Where(d => d.File is not null))
        {
            servers.AddRange(Collect(McpServerConfigParser.ParseMap(document.File!, "/managedMcpServers", McpScope.Managed), diagnostics));
        }

        return servers;
    }

    private static McpServerReport Report(McpServerConfig server, ClaudeHome? home, string? launchDirectory, McpLoadDecision? decision) =>
        new(
            server.Name,
            server.Scope.ToString().ToLowerInvariant(),
            home?.ConfigDir ?? "(machine)",
            launchDirectory,
            server.Location,
            server.RawType ?? server.Transport.ToString().ToLowerInvariant(),
            server.Transport == McpTransport.Stdio ? McpTokenExtractor.Display(server) : null,
            server.Transport != McpTransport.Stdio ? McpTokenExtractor.Display(server) : null,
            [.. McpTokenExtractor.Extract(server).Select(t => new McpTokenReport(t.Where, t.Name, t.Value))],
            decision is null ? null : Kebab(decision.State.ToString()),
            decision?.Reason);

    private static List<McpServerConfig> Collect((IReadOnlyList<McpServerConfig> Servers, IReadOnlyList<Diagnostic> Diagnostics) parsed, List<Diagnostic> diagnostics)
    {
        diagnostics.AddRange(parsed.Diagnostics);
        return [.. parsed.Servers];
    }

    private static JsonFile? ReadOptional(string path, List<Diagnostic> diagnostics)
    {
        if (!File.Exists(path) && !Directory.Exists(path) && new FileInfo(path).LinkTarget is null)
        {
            return null;
        }

        var read = JsonFileReader.Read(path);
        diagnostics.AddRange(read.Diagnostics);
        return read.Value;
    }

    /// <summary>Unix permission bits in octal, e.g. "600"; null on Windows or when unreadable.</summary>
    public static string? Mode(string path)
    {
        if (OperatingSystem.IsWindows() || !File.Exists(path))
        {
            return null;
        }

        try
        {
            return Convert.ToString((int)File.GetUnixFileMode(path), 8).PadLeft(3, '0');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    private static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLower(c, CultureInfo.InvariantCulture) : char.ToLower(c, CultureInfo.InvariantCulture).ToString()));
}
