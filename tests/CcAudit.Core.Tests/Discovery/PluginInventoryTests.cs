using System.Text.Json;
using CcAudit.Core.Analysis;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.TestSupport;
using Json.Schema;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>
/// Plugins and mods as a trust surface, on TestData/Discovery/plugins: real plugin configuration from public repositories
/// (1Password, anthropics/claude-plugins-official; PROVENANCE.md), a mod as the 2.1.328 binary writes one, sideloads, and a
/// hostile plugin and install records.
/// </summary>
public sealed class PluginInventoryTests : IDisposable
{
    private const string Planted = "hunter2-not-a-real-secret";

    private readonly TempDir _dir = new();

    public PluginInventoryTests()
    {
        var from = TestEnvironment.TestData("Discovery", "plugins");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(_dir.Path, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        Directory.CreateDirectory(Managed);
    }

    private string Home => Path.Combine(_dir.Path, "home");

    private string Repo => Path.Combine(Home, "work", "repo");

    private string Managed => Path.Combine(_dir.Path, "managed");

    public void Dispose() => _dir.Dispose();

    private ScanOptions Options() => new([Home], false, Managed, [Repo], new PathMap([]), new Dictionary<string,
        string?> { ["HOME"] = Home });

    private ScanResult Scan() => InventoryScanner.Scan(Options());

    private static PluginReport Get(ScanResult scan, string id, string origin = "installed") =>
        Assert.Single(scan.Inventory.Plugins, p => p.Id == id && p.Origin == origin);

    [Fact]
    public void InstalledPlugins_FromRealRepositories_CarryTheirHooksSkillsAndMarketplace()
    {
        var scan = Scan();

        var onePassword = Get(scan, "1password@1password");
        Assert.Equal(("github 1Password/1password-claude-plugin", false, "0.1.0"), (onePassword.MarketplaceSource, onePassword.Official,
            onePassword.Version));
        Assert.Equal((1, "PreToolUse", 1), (onePassword.Components.Hooks, string.Join(",", onePassword.Components.HookEvents),
            onePassword.Components.Skills));
        Assert.Equal(["user"], onePassword.Scopes);
        var enabled = Assert.Single(onePassword.EnabledBy);
        Assert.Equal(("user", true, Path.Combine(Home, ".claude", "settings.json")), (enabled.Tier, enabled.Enabled, enabled.File));
        Assert.True(enabled.Line > 1);
    }

    [Fact]
    public void PluginMcpJson_WithoutAnMcpServersWrapper_StillDeclaresItsServers()
    {
        // external_plugins/github/.mcp.json lists its server at the top level; the binary reads `mcpServers || file`.
        var github = Get(Scan(), "github@claude-plugins-official");

        Assert.Equal(["github"], github.Components.McpServers);
        Assert.Equal((true, 2, 1), (github.Official, github.Components.Skills, github.Components.Hooks));
        Assert.True(github.RunsCode());
    }

    [Fact]
    public void VersionOneInstallRecord_AnObjectNotAList_IsRead()
    {
        var guidance = Get(Scan(), "security-guidance@claude-plugins-official");

        Assert.Equal("2.0.13", guidance.Version);
        Assert.Equal(["user"], guidance.Scopes);
        Assert.Contains(guidance.EnabledBy, e => e is { Tier: "user", Enabled: false });
        Assert.Contains(guidance.EnabledBy, e => e.Tier == "project" && e.Enabled && e.LaunchDirectory == Repo);
        Assert.Equal([Repo], guidance.RepositoriesEnabling());
    }

    [Fact]
    public void HostilePlugin_EveryCodePathIsCounted_AndItsPasswordNeverShows()
    {
        var scan = Scan();

        var helper = Get(scan, "helper@evil");
        Assert.Equal(["./register.js"], helper.Components.Modules);
        Assert.Equal(["inline-exfil", "tunnel"], helper.Components.McpServers);
        Assert.Equal((2, "SessionStart,UserPromptSubmit"), (helper.Components.Hooks, string.Join(",", helper.Components.HookEvents)));
        Assert.True(helper.Components.RunsOther);
        Assert.Equal(["project:/tmp/fx/home/work/repo", "local:/tmp/fx/home/work/repo"], helper.Scopes);
        Assert.False(helper.Official);
        Assert.StartsWith("url https://", helper.MarketplaceSource, StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(scan.Inventory, AuditJson.Options);
        Assert.DoesNotContain(Planted, json, StringComparison.Ordinal);
        Assert.Contains(scan.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.FileMissing && d.Message.Contains("gone@evil",
            StringComparison.Ordinal));
        Assert.DoesNotContain(scan.Inventory.Plugins, p => p.InstallPath is { } path && (path == "/etc" || path.EndsWith("/etc",
            StringComparison.Ordinal)));
    }

    [Fact]
    public void DevMods_SideloadsCachedAndNotInstalled_AreListedWithWhereTheyWereSeen()
    {
        var scan = Scan();

        var mod = Get(scan, "scratch@dev-mods", "dev-mod");
        Assert.Equal(["./register.js"], mod.Components.Modules);
        Assert.DoesNotContain(scan.Inventory.Diagnostics, d => d.Location?.Path.Contains("dev-mods", StringComparison.Ordinal) == true);

        var sideload = Get(scan, "myplugin@plugin-dir", "plugin-dir");
        Assert.Equal((1, Path.Combine(Home, "src", "myplugin")), (sideload.Components.Commands, sideload.InstallPath));
        Assert.Equal(new SourceLocation(Path.Combine(Home, ".bashrc"), 1), Assert.Single(sideload.SeenAt));
        var history = Get(scan, "plug@plugin-dir", "plugin-dir");
        Assert.Equal(("/opt/tools/plug", 2), (history.InstallPath, Assert.Single(history.SeenAt).Line));

        var cached = Get(scan, "1password@1password", "cached");
        Assert.Equal("0.0.9", cached.Version);
        var deploy = Get(scan, "deploy@nowhere", "not-installed");
        Assert.Equal(("git https://git.example.com/team/plugins.git", false), (deploy.MarketplaceSource, deploy.Official));
    }

    [Fact]
    public void BuiltinBundle_IsListedOnce_WithTheUserSettingThatTurnsOneOff()
    {
        var builtins = Scan().Inventory.Plugins.Where(p => p.Origin == "builtin").ToList();

        Assert.Equal(PluginInventory.Builtins.Count, builtins.Count);
        Assert.All(builtins, b => Assert.Equal(PluginInventory.BinaryHome, b.Home));
        Assert.Contains(builtins, b => b.Id == "cc-plugin-sec-default@builtin" && b.Components.Modules.Count == 1);
        Assert.Contains(Assert.Single(builtins, b => b.Id == "cc-plugin-tips@builtin").EnabledBy, e => e is { Tier: "user",
            Enabled: false });
    }

    [Fact]
    public void Inventory_WithPlugins_MatchesTheDocumentedSchema()
    {
        var json = JsonSerializer.Serialize(Scan().Inventory, AuditJson.Options);

        var result = TestSchemas.Inventory.Evaluate(JsonDocument.Parse(json).RootElement,
            new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("\n", (result.Details
            ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Fact]
    public void Rules_NameTheRepositoryEnabledCodeAndTheUnofficialSources()
    {
        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(Scan())).ToList();

        var repository = findings.Where(f => f.RuleId == "CCA479").Select(f => f.Subject!.Split(' ')[0])
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["helper@evil", "security-guidance@claude-plugins-official"], repository);
        var unofficial = findings.Where(f => f.RuleId == "CCA478").Select(f => f.Subject).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["1password@1password", "deploy@nowhere", "gone@evil", "helper@evil", "myplugin@plugin-dir", "plug@plugin-dir",
            "scratch@dev-mods"], unofficial);
        Assert.DoesNotContain(findings, f => f.RuleId == "CCA477");
    }

    [Fact]
    public void ManagedPolicyWithoutTheModsLock_FlagsEachMod_AndTheLockSilencesThem()
    {
        File.WriteAllText(Path.Combine(Managed, "managed-settings.json"), """{"disableAutoMode":"disable"}""");
        var unlocked = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules,
            RuleContext.FromScan(Scan())).Where(f => f.RuleId == "CCA477").ToList();
        Assert.Equal(["helper@evil", "scratch@dev-mods"], unlocked.Select(f => f.Subject).Order(StringComparer.Ordinal));

        File.WriteAllText(Path.Combine(Managed, "managed-settings.json"),
            """{"pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":true}}}}""");
        Assert.DoesNotContain(RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(Scan())),
            f => f.RuleId == "CCA477");
    }

    [Fact]
    public async Task ReportTablesAndDocuments_ShowThePlugins()
    {
        var report = Auditor.Run(Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;

        var table = ReportTables.Get(report, ReportTables.Plugins);
        var helper = Assert.Single(table.Rows, r => r[0] == "helper@evil");
        Assert.Equal(("installed", "no", "./register.js", "inline-exfil, tunnel", Repo), (helper[1], helper[4], helper[8], helper[9],
            helper[12]));
        using var md = new MemoryStream();
        await new MarkdownReportWriter().WriteAsync(report, md, TestContext.Current.CancellationToken);
        var text = System.Text.Encoding.UTF8.GetString(md.ToArray());
        Assert.Contains("### Plugins and mods (", text, StringComparison.Ordinal);
        Assert.Contains("mods ./register.js", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Planted, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_SeesAPluginAdded_RemovedAndChanged()
    {
        var before = Auditor.Run(Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;
        var hooks = Path.Combine(Home, ".claude", "plugins", "cache", "claude-plugins-official", "security-guidance", "2.0.13", "hooks",
            "hooks.json");
        File.WriteAllText(hooks, """{"modules":["./register.js"],"hooks":{"Stop":[{"hooks":[{"type":"command","command":"x"}]}]}}""");
        Directory.Delete(Path.Combine(Home, ".claude", "dev-mods", "scratch"), true);
        Directory.CreateDirectory(Path.Combine(Home, ".claude", "dev-mods", "fresh", "hooks"));
        File.WriteAllText(Path.Combine(Home, ".claude", "dev-mods", "fresh", "hooks", "hooks.json"), """{"modules":["./register.js"]}""");
        var after = Auditor.Run(Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;
        var info = new SnapshotInfo(1, "m", "u", DateTimeOffset.UnixEpoch, "1", "a", 0, 0);

        var changes = DriftCalculator.Compare(info, before, info with { Id = 2 }, after).Changes.Where(c => c.Area == "plugin").ToList();

        Assert.Contains(changes, c => c.Kind == "added" && c.Subject.StartsWith("fresh@dev-mods (dev-mod", StringComparison.Ordinal));
        Assert.Contains(changes, c => c.Kind == "removed" && c.Subject.StartsWith("scratch@dev-mods (dev-mod", StringComparison.Ordinal));
        var changed = Assert.Single(changes, c => c.Kind == "changed");
        Assert.StartsWith("security-guidance@claude-plugins-official (installed", changed.Subject, StringComparison.Ordinal);
        Assert.Contains("mods ./register.js", changed.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(DriftCalculator.Compare(info, before, info,
            before with { Inventory = before.Inventory with { Plugins = [] } }).Changes, c => c.Area == "plugin");
    }

    [Fact]
    public void Fleet_CountsMachinesPerPlugin_AndTheRepositoriesEnablingIt()
    {
        var report = Auditor.Run(Options(), new AuditOptions(), cancellationToken: TestContext.Current.CancellationToken).Report;
        var other = report with { Inventory = report.Inventory with { Machine = report.Inventory.Machine with { Hostname = "laptop-2" } } };

        var fleet = FleetReportBuilder.Build(2, [FleetEntry.Decode(FleetEntry.Encode(report)),
            FleetEntry.Decode(FleetEntry.Encode(other))]);

        var plugins = fleet.Tables.Single(t => t.Name == "plugins");
        var helper = Assert.Single(plugins.Rows, r => r[0] == "helper@evil");
        Assert.Equal(("2", Repo), (helper[5], helper[7]));
        Assert.DoesNotContain(plugins.Rows, r => r[1] == "builtin");
    }

    [Fact]
    public void BuiltinCatalog_EveryNameIsInThe2_1_328Binary()
    {
        var binary = TestEnvironment.ClaudeBinary;

        Assert.All(PluginInventory.Builtins, b => Assert.True(BinarySettingsSchema.Contains(binary, b.Evidence),
            $"{b.Name}: '{b.Evidence}' is not in the binary"));
        Assert.False(BinarySettingsSchema.Contains(binary, "tEe(\"cc-plugin-not-a-builtin\""));
    }
}
