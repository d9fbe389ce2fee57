using System.Text.RegularExpressions;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;
using static CcAudit.Core.Rules.Catalog.RuleFacts;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Base for rules over configured MCP servers (not their live answers: those are the CCA3xx checks).</summary>
internal abstract class McpServerCheck : AuditRule
{
    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.McpServers.SelectMany(s => Check(s.Server, s.Decision, context));

    protected abstract IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context);

    protected static RuleSample Servers(bool matches, string mcpJson) => new(matches, new Dictionary<SettingsSource, string>()) { McpJson = mcpJson };

    protected static RuleSample UserServers(bool matches, string globalConfig) => new(matches, new Dictionary<SettingsSource, string>()) { GlobalConfig = globalConfig };

    protected static string Describe(McpServerConfig server) => $"MCP server '{server.Name}' ({server.Scope.ToString().ToLowerInvariant()})";
}

internal sealed class EnableAllProjectServersRule : SettingCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA101", "Every project MCP server is approved automatically", Severity.High, AuditStep.McpServers,
        "`enableAllProjectMcpServers: true` starts whatever stdio servers any repository's .mcp.json declares, including ones added by a later pull.",
        "Remove it; approve servers by name (`enabledMcpjsonServers`) after review.");

    public override IReadOnlyList<RuleSample> Samples { get; } = [Sample(true, Local("""{"enableAllProjectMcpServers":true}""")), Sample(false, Local("""{"enabledMcpjsonServers":["docs"]}"""))];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        context.Documents.Where(d => IsTrue(d, "enableAllProjectMcpServers"))
            .Select(d => Found($"{Tier(d.Source)} settings approve every .mcp.json server" + (d.Source == SettingsSource.Project ? " (honoured once the folder is trusted)" : string.Empty), d.LocationOf("/enableAllProjectMcpServers"), "enableAllProjectMcpServers"));
}

internal sealed class ApprovedProjectServerRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA102", "Project MCP server from a repository is approved", Severity.Low, AuditStep.McpServers,
        "A committed .mcp.json server runs with the user's privileges once approved; the approval outlives changes to the command it names.",
        "Review the server's command and pin its version; prefer user-scope servers the user installed deliberately.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string> { [SettingsSource.Local] = """{"enabledMcpjsonServers":["docs"]}""" }) { McpJson = """{"mcpServers":{"docs":{"command":"node","args":["srv.js"]}}}""" },
        Servers(false, """{"mcpServers":{"docs":{"command":"node","args":["srv.js"]}}}"""),
    ];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        if (server.Scope == McpScope.Project && decision?.State == McpLoadState.Loads)
        {
            yield return Found($"{Describe(server)} runs: {decision.Reason}", server.Location, server.Name);
        }
    }
}

internal sealed class PlaintextTokenRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA103", "MCP server config holds a credential in plain text", Severity.High, AuditStep.McpServers,
        "`claude mcp add -H \"Authorization: Bearer …\"` and `-e KEY=…` store the secret verbatim in ~/.claude.json or a committed .mcp.json, readable by every process of the user and often synced or committed.",
        "Move the value to the OS keychain or an environment variable and reference it as `${VAR}`; rotate the exposed credential.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        UserServers(true, """{"mcpServers":{"gh":{"type":"http","url":"https://api.example.com/mcp","headers":{"Authorization":"Bearer abcdef0123456789abcdef"}}}}"""),
        Servers(true, """{"mcpServers":{"db":{"command":"pg-mcp","args":["postgres://u:pw123456@db/x"]}}}"""),
        Servers(false, """{"mcpServers":{"gh":{"type":"http","url":"https://api.example.com/mcp","headers":{"Authorization":"${GH_TOKEN}"}}}}"""),
    ];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context) =>
        McpTokenExtractor.Extract(server).Select(t => Found($"{Describe(server)} holds {t.Where} {t.Name} in plain text: {t.Value}", server.Location, $"{server.Name}:{t.Where}:{t.Name}", ("fingerprint", t.Value.Fingerprint)));
}

internal sealed class PlainHttpServerRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA104", "Remote MCP server over plain HTTP", Severity.Medium, AuditStep.McpServers,
        "Tool descriptions, results and any bearer token travel unencrypted and can be altered on the way (tool poisoning by anyone on the path).",
        "Use https://; keep plain http for loopback only.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Servers(true, """{"mcpServers":{"r":{"type":"sse","url":"http://mcp.example.com/sse"}}}"""), Servers(false, """{"mcpServers":{"r":{"type":"http","url":"http://127.0.0.1:3000/mcp"}}}"""), Servers(false, """{"mcpServers":{"r":{"type":"http","url":"https://mcp.example.com/mcp"}}}""")];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        if (server.Transport != McpTransport.Stdio && Uri.TryCreate(server.Url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "ws" && !uri.IsLoopback)
        {
            yield return Found($"{Describe(server)} is reached over {uri.Scheme}:// at {uri.Host}", server.Location, server.Name);
        }
    }
}

internal sealed partial class UnpinnedPackageRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA105", "MCP server runs an unpinned package", Severity.Medium, AuditStep.McpServers,
        "`npx -y pkg` or `uvx pkg` without a version runs whatever the registry serves at start time: a compromised or typo-squatted release runs with the user's privileges.",
        "Pin an exact version (`npx -y @scope/pkg@1.2.3`) and review upgrades.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Servers(true, """{"mcpServers":{"f":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/tmp"]}}}"""), Servers(true, """{"mcpServers":{"f":{"command":"uvx","args":["mcp-server-fetch"]}}}"""), Servers(false, """{"mcpServers":{"f":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem@2026.8.31","/tmp"]}}}"""),
         Servers(true, """{"mcpServers":{"w":{"command":"bash","args":["-lc","exec npx -y some-mcp@latest"]}}}"""),
         Servers(false, """{"mcpServers":{"w":{"command":"bash","args":["-lc","exec npx -y some-mcp@1.4.2"]}}}""")];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        var (command, args, wrapper) = Unwrap(server.Command, server.Args);
        if (command is null || Path.GetFileName(command) is not ("npx" or "uvx" or "bunx" or "pnpm" or "pipx"))
        {
            yield break;
        }

        var package = args.FirstOrDefault(a => !a.StartsWith('-') && a is not ("dlx" or "run" or "exec"));
        if (package is not null && !Pinned().IsMatch(package))
        {
            var behind = wrapper is null ? string.Empty : $" (behind {wrapper})";
            yield return Found($"{Describe(server)} runs '{Path.GetFileName(command)} {package}'{behind} without a pinned version", server.Location, $"{server.Name}:{package}", ("package", package));
        }
    }

    /// <summary>
    /// What a shell wrapper runs: <c>bash -lc "exec npx -y pkg@latest"</c> starts <c>npx</c>; leading <c>exec</c>, <c>env</c>
    /// and VAR=value words are looked through. Anything else is returned as configured.
    /// </summary>
    internal static (string? Command, IReadOnlyList<string> Args, string? Wrapper) Unwrap(string? command, IReadOnlyList<string> args)
    {
        if (command is null || Path.GetFileName(command) is not ("bash" or "sh" or "zsh" or "dash" or "fish" or "cmd" or "cmd.exe"))
        {
            return (command, args, null);
        }

        var flag = args.ToList().FindIndex(a => a.StartsWith('-') && a.Trim('-').Contains('c', StringComparison.Ordinal) || a.Equals("/c", StringComparison.OrdinalIgnoreCase));
        if (flag < 0 || flag + 1 >= args.Count)
        {
            return (command, args, null);
        }

        var words = args[flag + 1].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('"', '\'')).ToList();
        var start = words.FindIndex(w => w is not ("exec" or "env") && !w.Contains('=', StringComparison.Ordinal));
        return start < 0 ? (command, args, null) : (words[start], words[(start + 1)..], $"{Path.GetFileName(command)} {args[flag]}");
    }

    [GeneratedRegex(@"^(@[^/]+/)?[^@/]+(@|==)\d", RegexOptions.None, 1000)]
    private static partial Regex Pinned();
}

internal sealed class BroadFilesystemServerRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA106", "Filesystem MCP server opened on the root or the home", Severity.High, AuditStep.McpServers,
        "An MCP filesystem server's tools bypass Claude Code's Read/Edit rules and working directories; opened on `/` or `~` it exposes every key and repository on the machine.",
        "Give the server the project directory only.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Servers(true, """{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/"]}}}"""), Servers(true, """{"mcpServers":{"fs":{"command":"mcp-server-filesystem","args":["~"]}}}"""), Servers(false, """{"mcpServers":{"fs":{"command":"npx","args":["-y","@modelcontextprotocol/server-filesystem","/srv/app"]}}}""")];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        if (!string.Join(' ', [server.Command ?? string.Empty, .. server.Args]).Contains("filesystem", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var homes = context.Homes.Select(h => h.Home.UserHome.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        foreach (var arg in server.Args.Where(a => a.TrimEnd('/') is "" or "~" or "$HOME" or "${HOME}" || homes.Contains(a.TrimEnd('/'))))
        {
            yield return Found($"{Describe(server)} serves '{arg}'", server.Location, $"{server.Name}:{arg}");
        }
    }
}

internal sealed partial class ExternalContentServerRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA107", "MCP server brings untrusted external content into the session", Severity.Medium, AuditStep.McpServers,
        "Web fetchers, browsers, search, chat, mail and issue trackers return text written by strangers: the main prompt-injection path, combined with any tool that can send data out.",
        "Ask for every call of such servers' tools, keep them out of sessions with secrets or write access, and deny network egress tools alongside.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Servers(true, """{"mcpServers":{"fetch":{"command":"uvx","args":["mcp-server-fetch"]}}}"""), UserServers(true, """{"mcpServers":{"gh":{"type":"http","url":"https://api.github.com/mcp/"}}}"""), Servers(false, """{"mcpServers":{"calc":{"command":"node","args":["calculator.js"]}}}"""), Servers(false, """{"mcpServers":{"docs":{"type":"http","url":"https://mcp.example.com/mcp"}}}""")];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        var text = string.Join(' ', [server.Name, server.Command ?? string.Empty, .. server.Args, server.Url ?? string.Empty]);
        if (External().Match(text) is { Success: true } match)
        {
            yield return Found($"{Describe(server)} looks like a {match.Value.ToLowerInvariant()} server: its results are untrusted input", server.Location, server.Name, ("kind", match.Value.ToLowerInvariant()));
        }
    }

    [GeneratedRegex(@"\b(fetch|puppeteer|playwright|browser|brave|tavily|exa|firecrawl|search|scrape|crawl|slack|discord|github|gitlab|jira|linear|notion|confluence|gmail|email|mail|web)(\b|_|-)", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex External();
}

internal sealed class UnknownToProjectServerRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA108", "Personal MCP server in a project that declares its own", Severity.Low, AuditStep.McpServers,
        "A local-scope server (`claude mcp add`, stored in ~/.claude.json) runs in a repository whose committed .mcp.json does not know it: team review of the project's servers misses it.",
        "Add the server to the project's .mcp.json for review, or remove it.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
    [
        new(true, new Dictionary<SettingsSource, string>()) { McpJson = """{"mcpServers":{"docs":{"command":"docs-mcp"}}}""", GlobalConfig = """{"projects":{"/sample/project":{"mcpServers":{"shadow":{"command":"x"}}}}}""" },
        new(false, new Dictionary<SettingsSource, string>()) { GlobalConfig = """{"projects":{"/sample/project":{"mcpServers":{"shadow":{"command":"x"}}}}}""" },
    ];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        if (server.Scope != McpScope.Local)
        {
            yield break;
        }

        var launch = context.Launches.FirstOrDefault(l => l.Path == server.ProjectPath);
        var declared = launch?.McpServers.Where(s => s.Scope == McpScope.Project).Select(s => s.Name).ToList();
        if (declared is { Count: > 0 } && !declared.Contains(server.Name))
        {
            yield return Found($"{Describe(server)} runs in {server.ProjectPath}, whose .mcp.json declares only {string.Join(", ", declared)}", server.Location, server.Name);
        }
    }
}

internal sealed class HeadersHelperRule : McpServerCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA109", "MCP server config runs a headers helper command", Severity.Medium, AuditStep.McpServers,
        "`headersHelper` executes a command to produce request headers each time the server connects (in trusted folders).",
        "Review the command; keep helpers in user or managed config, never in a committed .mcp.json.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Servers(true, """{"mcpServers":{"r":{"type":"http","url":"https://x.example.com/mcp","headersHelper":"/usr/local/bin/get-token"}}}"""), Servers(false, """{"mcpServers":{"r":{"type":"http","url":"https://x.example.com/mcp"}}}""")];

    protected override IEnumerable<Finding> Check(McpServerConfig server, McpLoadDecision? decision, RuleContext context)
    {
        if (server.HeadersHelper is { } helper)
        {
            yield return Found($"{Describe(server)} runs headers helper '{helper}'", server.Location, server.Name);
        }
    }
}
