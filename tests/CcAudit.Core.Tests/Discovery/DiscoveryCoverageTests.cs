using CcAudit.Core.Analysis;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>Discovery paths the shared fixture does not reach, each on a small tree built for the test.</summary>
public sealed class DiscoveryCoverageTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Home => _dir.Combine("home");

    private string ManagedDir => _dir.Combine("managed");

    private ScanResult Scan(params string[] projects) =>
        InventoryScanner.Scan(new ScanOptions([Home], false, ManagedDir, projects, PathMap.None, new Dictionary<string, string?>()));

    [Fact]
    public void LiveSession_Cwd_IsALaunchDirectory()
    {
        var project = _dir.Combine("live-project");
        Directory.CreateDirectory(project);
        _dir.Write("home/.claude/sessions/4242.json", $$"""{"pid":4242,"sessionId":"0b6f","cwd":"{{project}}","startedAt":1764700000000,"kind":"interactive","entrypoint":"cli","status":"idle"}""");
        _dir.Write("home/.claude/sessions/4243.json", """{"pid":4243,"sessionId":"0b70","kind":"interactive"}""");

        var inventory = Scan().Inventory;

        var launch = Assert.Single(inventory.LaunchDirectories);
        Assert.Equal(project, launch.Path);
        Assert.Equal(["live session"], launch.Sources);
        Assert.True(launch.Exists);
        Assert.Equal(2, Assert.Single(inventory.Homes).LiveSessions);
    }

    [Fact]
    public void InstalledPluginsAndKnownMarketplaces_AreListed()
    {
        _dir.Write("home/.claude/plugins/installed_plugins.json", """
            {"version":2,"plugins":{
              "hello@testmkt":[{"scope":"project","installPath":"~/.claude/plugins/cache/testmkt/hello/0.1.0","version":"0.1.0","projectPath":"/abs/project"}],
              "audit@corp":[{"scope":"user","installPath":"~/.claude/plugins/cache/corp/audit/2.0.0","version":"2.0.0"}]}}
            """);
        _dir.Write("home/.claude/plugins/known_marketplaces.json", """
            {"testmkt":{"source":{"source":"directory","path":"/src/mkt"},"installLocation":"/home/u/.claude/plugins/marketplaces/testmkt","lastUpdated":"2026-11-01T00:00:00Z"},
             "corp":{"source":{"source":"github","repo":"corp/plugins"},"installLocation":"/home/u/.claude/plugins/marketplaces/corp","lastUpdated":"2026-11-02T00:00:00Z"}}
            """);

        var home = Assert.Single(Scan().Inventory.Homes);

        Assert.Equal(["audit@corp", "hello@testmkt"], home.Plugins);
        Assert.Equal(["corp", "testmkt"], home.Marketplaces);
    }

    [Fact]
    public void PluginMcpServers_AreDiscoveredExpandedRedacted_AndLoadOnlyWhenEnabled()
    {
        const string secret = "sk-live-0123456789abcdefghijklmnop";
        var project = _dir.Combine("proj");
        var dbRoot = _dir.Combine("home/.claude/plugins/cache/testmkt/db/0.1.0");
        _dir.Write("home/.claude/plugins/installed_plugins.json", """
            {"version":2,"plugins":{
              "db@testmkt":[{"scope":"user","installPath":"~/.claude/plugins/cache/testmkt/db/0.1.0","version":"0.1.0"}],
              "web@testmkt":[{"scope":"user","installPath":"~/.claude/plugins/cache/testmkt/web/1.0.0","version":"1.0.0"}]}}
            """);
        _dir.Write("home/.claude/plugins/cache/testmkt/db/0.1.0/.mcp.json", $$$$$"""
            {"mcpServers":{"db":{"command":"${CLAUDE_PLUGIN_ROOT}/bin/db-server","args":["--data","${CLAUDE_PLUGIN_ROOT}/data"],"env":{"DB_API_KEY":"{{{{{secret}}}}}"}}}}
            """);
        _dir.Write("home/.claude/plugins/cache/testmkt/web/1.0.0/.claude-plugin/plugin.json", """
            {"name":"web","mcpServers":{"fetcher":{"type":"http","url":"https://mcp.example.com/mcp"}}}
            """);
        _dir.Write("proj/.claude/settings.json", """{"enabledPlugins":{"db@testmkt":true,"web@testmkt":false}}""");

        var scan = Scan(project);

        var reports = scan.Inventory.McpServers.Where(s => s.Scope == "plugin").OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["db", "fetcher"], reports.Select(r => r.Name));
        Assert.Equal(Path.Combine(dbRoot, ".mcp.json"), reports[0].Location.Path);
        Assert.StartsWith($"{dbRoot}/bin/db-server --data {dbRoot}/data", reports[0].Command, StringComparison.Ordinal);
        var token = Assert.Single(reports[0].Tokens);
        Assert.Equal(("env", "DB_API_KEY"), (token.Where, token.Name));
        Assert.DoesNotContain(secret, System.Text.Json.JsonSerializer.Serialize(scan.Inventory), StringComparison.Ordinal);

        var decisions = Assert.Single(scan.Launches).McpDecisions.ToDictionary(d => d.Server.Name);
        Assert.Equal("db@testmkt", decisions["db"].Server.Plugin);
        Assert.Equal((McpLoadState.Loads, "plugin db@testmkt is enabled in enabledPlugins"), (decisions["db"].State, decisions["db"].Reason));
        Assert.Equal(McpLoadState.Disabled, decisions["fetcher"].State);
        Assert.Contains("web@testmkt", decisions["fetcher"].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LaunchDirectory_MemoryFilesAndCustomizations_AreListed()
    {
        var project = _dir.Combine("proj");
        foreach (var file in new[]
        {
            "proj/CLAUDE.md", "proj/.claude/CLAUDE.md", "proj/CLAUDE.local.md", "proj/AGENTS.md",
            "proj/.claude/agents/reviewer.md", "proj/.claude/agents/notes.txt",
            "proj/.claude/skills/deploy/SKILL.md", "proj/.claude/skills/deploy/helper.py",
            "proj/.claude/commands/ship.md", "proj/.claude/hooks/pre.sh",
        })
        {
            _dir.Write(file, "x");
        }

        var files = Assert.Single(Scan(project).Inventory.LaunchDirectories).Files;

        Assert.Equal(
            [
                $"agent {Path.Combine(project, ".claude/agents/reviewer.md")}",
                $"claude-md {Path.Combine(project, ".claude/CLAUDE.md")}",
                $"claude-md {Path.Combine(project, "AGENTS.md")}",
                $"claude-md {Path.Combine(project, "CLAUDE.local.md")}",
                $"claude-md {Path.Combine(project, "CLAUDE.md")}",
                $"command {Path.Combine(project, ".claude/commands/ship.md")}",
                $"hook-script {Path.Combine(project, ".claude/hooks/pre.sh")}",
                $"skill {Path.Combine(project, ".claude/skills/deploy/SKILL.md")}",
            ],
            files.Where(f => f.Kind is "claude-md" or "agent" or "skill" or "command" or "hook-script").Select(f => $"{f.Kind} {f.Path}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ManagedMcpClaudeMdAndCustomizations_AreListed()
    {
        _dir.Write("managed/managed-mcp.json", """{"mcpServers":{"corp-search":{"command":"/opt/corp/search","args":["--stdio"]}}}""");
        _dir.Write("managed/CLAUDE.md", "Follow the corp policy.");
        _dir.Write("managed/.claude/skills/corp/SKILL.md", "x");

        var inventory = Scan().Inventory;

        Assert.True(inventory.Managed.Present);
        Assert.True(inventory.Managed.McpExclusive);
        Assert.Equal(
            [
                $"managed-claude-md {Path.Combine(ManagedDir, "CLAUDE.md")}",
                $"managed-customizations {Path.Combine(ManagedDir, ".claude")}",
                $"managed-mcp {Path.Combine(ManagedDir, "managed-mcp.json")}",
            ],
            inventory.Managed.Files.Select(f => $"{f.Kind} {f.Path}").Order(StringComparer.Ordinal));
        var server = Assert.Single(inventory.McpServers);
        Assert.Equal(("corp-search", "enterprise", "(machine)", "/opt/corp/search --stdio"), (server.Name, server.Scope, server.Home, server.Command));
    }

    [Fact]
    public void RemoteCache_FirstWins_ReplacesTheManagedFiles()
    {
        _dir.Write("managed/managed-settings.json", """{"permissions":{"deny":["Bash(curl *)"]}}""");
        var remote = _dir.Write("home/.claude/remote-settings.json", """{"permissions":{"deny":["Bash(wget *)"]}}""");

        var (policy, _) = ManagedPolicyLocator.Read(ManagedDir, remote);

        Assert.Equal("first-wins", policy.Composition);
        Assert.Equal(remote, Assert.Single(policy.Documents).File!.Path);
    }

    [Fact]
    public void RemoteCache_Merge_KeepsTheManagedFilesToo()
    {
        var main = _dir.Write("managed/managed-settings.json", """{"permissions":{"deny":["Bash(curl *)"]}}""");
        var remote = _dir.Write("home/.claude/remote-settings.json", """{"managedSourcesBehavior":"merge","permissions":{"deny":["Bash(wget *)"]}}""");

        var (policy, _) = ManagedPolicyLocator.Read(ManagedDir, remote);

        Assert.Equal("merge", policy.Composition);
        Assert.Equal([remote, main], policy.Documents.Select(d => d.File!.Path).Order(StringComparer.Ordinal));
        Assert.Equal(2, Assert.Single(Scan(_dir.Combine("p")).Inventory.LaunchDirectories).DenyRules);
    }

    [Fact]
    public void RemoteCache_OnlyTheHighestSourceChoosesMerge()
    {
        // managedSourcesBehavior is read from the highest source; a managed file cannot pull itself in under a remote policy.
        _dir.Write("managed/managed-settings.json", """{"managedSourcesBehavior":"merge","permissions":{"deny":["Bash(curl *)"]}}""");
        var remote = _dir.Write("home/.claude/remote-settings.json", """{"permissions":{"deny":["Bash(wget *)"]}}""");

        var (policy, _) = ManagedPolicyLocator.Read(ManagedDir, remote);

        Assert.Equal("first-wins", policy.Composition);
        Assert.Equal(remote, Assert.Single(policy.Documents).File!.Path);
    }

    [Fact]
    public void RemoteCache_AppliesOnlyToItsOwnHome()
    {
        var first = _dir.Combine("first");
        var second = _dir.Combine("second");
        var firstProject = _dir.Combine("first-project");
        var secondProject = _dir.Combine("second-project");
        Directory.CreateDirectory(firstProject);
        Directory.CreateDirectory(secondProject);
        var remote = _dir.Write("first/.claude/remote-settings.json", """{"permissions":{"deny":["Bash(wget *)"]}}""");
        _dir.Write("first/.claude.json", $$"""{ "projects": { "{{firstProject}}": {} } }""");
        _dir.Write("second/.claude.json", $$"""{ "projects": { "{{secondProject}}": {} } }""");

        var inventory = InventoryScanner.Scan(new ScanOptions([first, second], false, ManagedDir, [], PathMap.None, new Dictionary<string, string?>())).Inventory;

        Assert.Equal(1, inventory.LaunchDirectories.Single(l => l.Path == firstProject).DenyRules);
        Assert.Equal(0, inventory.LaunchDirectories.Single(l => l.Path == secondProject).DenyRules);
        Assert.Contains(inventory.Homes.Single(h => h.UserHome == first).Files, f => f.Kind == "remote-settings-cache" && f.Path == remote);
        Assert.DoesNotContain(inventory.Homes.Single(h => h.UserHome == second).Files, f => f.Kind == "remote-settings-cache");
    }

    [Fact]
    public void RemoteCache_IsAManagedPolicy_ForTheNoManagedPolicyRule()
    {
        var project = _dir.Combine("remote-only");
        Directory.CreateDirectory(project);
        _dir.Write("home/.claude/remote-settings.json", """{"permissions":{"deny":["Bash(wget *)"]}}""");
        var withRemote = Scan(project);
        File.Delete(Path.Combine(Home, ".claude", "remote-settings.json"));
        var without = Scan(project);

        Assert.DoesNotContain(RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(withRemote)), f => f.RuleId == "CCA451");
        Assert.Contains(RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(without)), f => f.RuleId == "CCA451");
    }

    [Fact]
    public void RemoteCache_WithoutBypassLock_IsReportedByTheBypassRule()
    {
        var project = _dir.Combine("remote-only");
        Directory.CreateDirectory(project);
        var remote = _dir.Write("home/.claude/remote-settings.json", """{"permissions":{"deny":["Bash(wget *)"]}}""");

        var findings = RuleEngine.Evaluate(AnalyzerRegistry.ConfigurationRules, RuleContext.FromScan(Scan(project)));

        Assert.Equal(remote, Assert.Single(findings, f => f.RuleId == "CCA010").Location!.Path);
    }

    [Fact]
    public void ClaudeConfigDir_FromTheEnvironment_IsAHome()
    {
        var config = _dir.Combine("cfg");
        var project = _dir.Combine("env-project");
        Directory.CreateDirectory(project);
        _dir.Write("cfg/.claude.json", $$"""{ "projects": { "{{project}}": {} } }""");
        var environment = new Dictionary<string, string?> { ["HOME"] = Home, ["CLAUDE_CONFIG_DIR"] = config };

        var inventory = InventoryScanner.Scan(new ScanOptions([], false, ManagedDir, [], PathMap.None, environment)).Inventory;

        var home = inventory.Homes.Single(h => h.ConfigDir == config);
        Assert.Equal(("env CLAUDE_CONFIG_DIR", Home, Path.Combine(config, ".claude.json")), (home.Origin, home.UserHome, home.GlobalConfig));
        Assert.Contains(inventory.Homes, h => h.ConfigDir == Path.Combine(Home, ".claude") && h.Origin == "default");
        Assert.Equal(config, Assert.Single(inventory.LaunchDirectories).Home);
    }

    [Fact]
    public void LaunchInGitSubdirectory_LocalSettingsAtRoot_ProjectSettingsAtLaunchDirectory()
    {
        var repo = _dir.Combine("repo");
        var launch = Path.Combine(repo, "svc");
        Directory.CreateDirectory(Path.Combine(repo, ".git"));
        _dir.Write("repo/.claude/settings.local.json", """{"permissions":{"deny":["Bash(a)"]}}""");
        _dir.Write("repo/.claude/settings.json", """{"permissions":{"deny":["Bash(b)","Bash(c)"]}}""");
        _dir.Write("repo/svc/.claude/settings.json", """{"permissions":{"deny":["Bash(d)","Bash(e)","Bash(f)","Bash(g)"]}}""");
        _dir.Write("repo/svc/.claude/settings.local.json", """{"permissions":{"deny":["Bash(h)","Bash(i)","Bash(j)","Bash(k)","Bash(l)","Bash(m)","Bash(n)","Bash(o)"]}}""");
        _dir.Write("repo/CLAUDE.md", "root");
        _dir.Write("repo/svc/CLAUDE.md", "svc");

        var report = Assert.Single(Scan(launch).Inventory.LaunchDirectories);

        Assert.Equal(repo, report.GitRoot);
        Assert.Equal(Path.Combine(repo, ".claude", "settings.local.json"), report.Files.Single(f => f.Kind == "local-settings").Path);
        Assert.Equal(Path.Combine(launch, ".claude", "settings.json"), report.Files.Single(f => f.Kind == "project-settings").Path);
        Assert.Equal(1 + 4, report.DenyRules);
        Assert.Equal([Path.Combine(launch, "CLAUDE.md"), Path.Combine(repo, "CLAUDE.md")], report.Files.Where(f => f.Kind == "claude-md").Select(f => f.Path));
    }

    [Fact]
    public void FlagSettings_AreTheFlagTierOfEveryLaunchDirectory()
    {
        var project = _dir.Combine("flagged");
        _dir.Write("flagged/.claude/settings.local.json", """{"permissions":{"defaultMode":"acceptEdits"}}""");
        var flag = _dir.Write("flag.json", """{"permissions":{"defaultMode":"plan","deny":["WebFetch"]}}""");

        var report = Assert.Single(InventoryScanner.Scan(new ScanOptions([Home], false, ManagedDir, [project], PathMap.None, new Dictionary<string, string?>()) { FlagSettings = flag }).Inventory.LaunchDirectories);

        Assert.Equal(("plan", "flag", 1), (report.DefaultMode, report.DefaultModeSource, report.DenyRules));
        Assert.Contains(report.Files, f => f.Kind == "flag-settings" && f.Path == flag && f.Readable);
    }
}
