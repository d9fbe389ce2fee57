using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Rules;

/// <summary>Turns a <see cref="RuleSample"/> into the context a real scan would give, with files under <c>/sample</c>.</summary>
public static class RuleSampleContext
{
    public const string HomeDir = "/sample/home";
    public const string ProjectDir = "/sample/project";

    public static RuleContext Build(RuleSample sample, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var documents = new List<SettingsDocument>();
        foreach (var (source, json) in sample.Settings.OrderBy(s => s.Key))
        {
            var file = Parse(json, PathOf(source));
            var document = SettingsDocument.FromFile(source, file);
            documents.Add(source == SettingsSource.Local && sample.LocalSettingsWrittenAt is { } written ? document with { LastWrite = written } : document);
        }

        var home = ClaudeHomeLocator.Default(HomeDir, "sample");
        var global = sample.GlobalConfig is null ? null : Parse(sample.GlobalConfig, home.GlobalConfigPath);
        var servers = new List<McpServerConfig>();
        if (global is not null)
        {
            servers.AddRange(McpServerConfigParser.ParseMap(global, "/mcpServers", McpScope.User).Servers);
            servers.AddRange(McpServerConfigParser.ParseMap(global, "/projects/" + JsonFile.EscapePointerToken(ProjectDir) + "/mcpServers", McpScope.Local, ProjectDir).Servers);
        }

        if (sample.McpJson is not null)
        {
            servers.AddRange(McpServerConfigParser.ParseMap(Parse(sample.McpJson, ProjectDir + "/.mcp.json"), "/mcpServers", McpScope.Project, ProjectDir).Servers);
        }

        var managed = new ManagedPolicy(
            "/etc/claude-code",
            [.. documents.Where(d => d.Source == SettingsSource.Managed)],
            [.. documents.Where(d => d.Source == SettingsSource.Managed).Select(d => new InventoryFile("managed-settings", d.Path!, true))],
            null,
            "first-wins");
        var effective = EffectiveSettingsBuilder.Build(documents, sample.Trusted);
        var launch = new LaunchContext(home, ProjectDir, ProjectDir, sample.Trusted, effective, servers, McpLoadDecider.Decide(servers, documents, sample.Trusted), global)
        {
            Customizations = [.. sample.Files.Select(f => new CustomizationFile(f.Kind, ProjectDir + "/" + f.RelativePath, f.Text))],
        };
        var report = new HomeReport(HomeDir, home.ConfigDir, home.GlobalConfigPath, "sample", true, [],
            sample.CredentialsMode is not null, sample.CredentialsMode, null, 0, null, null, [], [], 0, 0, 0, 0, 0, 0)
        {
            Retention = sample.Retention,
        };
        return new RuleContext([launch], [new HomeContext(home, global, documents.FirstOrDefault(d => d.Source == SettingsSource.User), report)
        {
            ShellProfile = sample.ShellProfile is null ? [] : [.. ShellProfiles.Parse(System.IO.Path.Combine(HomeDir, ".bashrc"), sample.ShellProfile)],
        }], managed, now) { Plugins = sample.Plugins };
    }

    public static string PathOf(SettingsSource source) => source switch
    {
        SettingsSource.Managed => "/etc/claude-code/managed-settings.json",
        SettingsSource.Flag => "/sample/flag-settings.json",
        SettingsSource.Local => ProjectDir + "/.claude/settings.local.json",
        SettingsSource.Project => ProjectDir + "/.claude/settings.json",
        _ => HomeDir + "/.claude/settings.json",
    };

    private static JsonFile Parse(string json, string path) =>
        JsonFileReader.Parse(json, path).Value ?? throw new ArgumentException($"sample JSON for {path} does not parse: {json}");
}
