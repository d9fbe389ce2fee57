using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// The throwaway world one run sees. The case's absolute paths are kept exactly (absolute-path rules only match the
/// real path, §10): each top-level directory they live under (<c>/home</c>, <c>/srv</c>, …) becomes a "mirror", a
/// directory of the run that the jail bind-mounts over the real one inside the run's private mount namespace.
/// </summary>
internal sealed class OracleSandbox
{
    private static readonly HashSet<string> SystemDirectories = new(StringComparer.Ordinal)
    {
        "/", "/proc", "/sys", "/dev", "/etc", "/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/boot", "/run",
    };

    private OracleSandbox(string runDirectory, IReadOnlyList<string> mirrors, string? managedFile, IReadOnlyList<string> arguments, string home, string cwd)
    {
        RunDirectory = runDirectory;
        Mirrors = mirrors;
        ManagedFile = managedFile;
        Arguments = arguments;
        Home = home;
        Cwd = cwd;
    }

    public string RunDirectory { get; }

    public IReadOnlyList<string> Mirrors { get; }

    public string? ManagedFile { get; }

    /// <summary>The binary's arguments beyond the fixed ones: mode, settings, MCP config, extra directories.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public string Home { get; }

    public string Cwd { get; }

    /// <summary>The same sandbox with other binary arguments (the live red team adds its untrusted MCP server).</summary>
    public OracleSandbox WithArguments(IReadOnlyList<string> arguments) => new(RunDirectory, Mirrors, ManagedFile, arguments, Home, Cwd);

    /// <summary>Builds the sandbox of one batch, or says why its paths cannot be shown to the binary.</summary>
    public static (OracleSandbox? Sandbox, string? Problem) Create(OracleBatch batch, string runDirectory, string assets, IReadOnlyCollection<string> protectedPaths)
    {
        var context = batch.Template.Context;
        var raw = batch.Template.Raw;
        var mirrors = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in new[] { context.Home, context.Cwd }.Concat(context.AddDirs))
        {
            if (MirrorPoint(path, protectedPaths) is not { } point)
            {
                return (null, $"cannot show {path} to the binary: its top-level directory does not exist here, is a system directory, or holds the oracle itself");
            }

            mirrors.Add(point);
        }

        // Paths the probes and additionalDirectories name are shown too where they can be: the binary drops an
        // additional directory that does not exist, and a Read needs its file.
        var extraDirectories = AdditionalDirectories(raw, context.Home, context.Cwd).ToList();
        foreach (var path in extraDirectories.Concat(batch.Cases.Select(OracleBatchPlanner.FilePath).OfType<string>()))
        {
            if (MirrorPoint(path, protectedPaths) is { } point)
            {
                mirrors.Add(point);
            }
        }

        var root = Path.Combine(runDirectory, "root");
        string Host(string path) => root + path;
        foreach (var point in mirrors)
        {
            Directory.CreateDirectory(Host(point));
        }

        Directory.CreateDirectory(Host(context.Home));
        Directory.CreateDirectory(Host(context.Cwd));
        foreach (var dir in context.AddDirs.Concat(extraDirectories.Where(d => mirrors.Any(m => d.StartsWith(m + "/", StringComparison.Ordinal)))))
        {
            Directory.CreateDirectory(Host(dir));
        }

        GitInit(Host(context.Cwd));
        var settings = raw.TryGetProperty("settings", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        string? Tier(string name) => settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(name, out var v) ? v.GetRawText() : null;
        WriteIf(Host(context.Home + "/.claude/settings.json"), Tier("user"));
        WriteIf(Host(context.Cwd + "/.claude/settings.json"), Tier("project"));
        WriteIf(Host(context.Cwd + "/.claude/settings.local.json"), Tier("local"));
        var trust = new JsonObject();
        if (context.Trusted)
        {
            trust[context.Cwd] = new JsonObject { ["hasTrustDialogAccepted"] = true };
        }

        File.WriteAllText(Host(context.Home + "/.claude.json"), new JsonObject { ["projects"] = trust }.ToJsonString());
        string? managed = null;
        if (Tier("managed") is { } managedJson)
        {
            managed = Path.Combine(runDirectory, "managed-settings.json");
            File.WriteAllText(managed, managedJson);
        }

        foreach (var @case in batch.Cases)
        {
            PrepareProbeFile(@case, mirrors, Host);
        }

        var arguments = new List<string> { "--permission-mode", context.Mode };
        if (Tier("flag") is { } flag)
        {
            // The JSON text, not a file: a file's location could change how its path rules anchor.
            arguments.AddRange(["--settings", flag]);
        }

        foreach (var dir in context.AddDirs)
        {
            arguments.AddRange(["--add-dir", dir]);
        }

        if (McpConfig(batch, assets, runDirectory) is { } mcp)
        {
            var file = Path.Combine(runDirectory, "mcp-config.json");
            File.WriteAllText(file, mcp.ToJsonString());
            arguments.AddRange(["--mcp-config", file]);
        }

        return (new OracleSandbox(runDirectory, [.. mirrors], managed, arguments, context.Home, context.Cwd), null);
    }

    /// <summary>
    /// The top-level directory a case path is shown through, or null when it cannot be: it must exist, must not be a
    /// system directory the binary itself needs, and must not contain the oracle (runs directory, binary, node).
    /// </summary>
    public static string? MirrorPoint(string path, IReadOnlyCollection<string> protectedPaths)
    {
        if (!path.StartsWith('/') || path.Contains("/../", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal))
        {
            return null;
        }

        var second = path.IndexOf('/', 1);
        var point = second < 0 ? path : path[..second];
        if (point.Length < 2 || SystemDirectories.Contains(point) || !Directory.Exists(point) || new DirectoryInfo(point).LinkTarget is not null)
        {
            return null;
        }

        return protectedPaths.Any(p => p == point || p.StartsWith(point + "/", StringComparison.Ordinal)) ? null : point;
    }

    /// <summary>
    /// Validation runs before permissions (§7): a Read needs an existing file, a Write or an empty-<c>old_string</c>
    /// Edit a file that does not exist yet, so the permission check is what answers.
    /// </summary>
    private static void PrepareProbeFile(PermissionCase @case, IReadOnlySet<string> mirrors, Func<string, string> host)
    {
        if (OracleBatchPlanner.FilePath(@case) is not { } path || !mirrors.Any(m => path.StartsWith(m + "/", StringComparison.Ordinal)))
        {
            return;
        }

        var target = host(path);
        if (Directory.Exists(target) || File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (@case.Tool == "Read")
        {
            // A settings file the probe reads must stay valid JSON, or the binary would report it as broken.
            File.WriteAllText(target, target.EndsWith(".json", StringComparison.Ordinal) ? "{}\n" : "ccaudit oracle probe file\n");
        }
    }

    /// <summary><c>additionalDirectories</c> of every tier, resolved as the binary does: relative to the launch directory, <c>~</c> to home.</summary>
    private static IEnumerable<string> AdditionalDirectories(JsonElement raw, string home, string cwd)
    {
        if (!raw.TryGetProperty("settings", out var settings) || settings.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var tier in settings.EnumerateObject())
        {
            if (tier.Value.ValueKind == JsonValueKind.Object && tier.Value.TryGetProperty("permissions", out var permissions) && permissions.ValueKind == JsonValueKind.Object
                && permissions.TryGetProperty("additionalDirectories", out var dirs) && dirs.ValueKind == JsonValueKind.Array)
            {
                foreach (var dir in dirs.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String).Select(d => d.GetString()!))
                {
                    var expanded = dir == "~" ? home : dir.StartsWith("~/", StringComparison.Ordinal) ? home + dir[1..] : dir;
                    if (!expanded.StartsWith("//", StringComparison.Ordinal))
                    {
                        yield return Path.GetFullPath(expanded, cwd).TrimEnd('/');
                    }
                }
            }
        }
    }

    private static JsonObject? McpConfig(OracleBatch batch, string assets, string runDirectory)
    {
        var servers = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        if (batch.Template.Raw.TryGetProperty("mcpServers", out var configured) && configured.ValueKind == JsonValueKind.Object)
        {
            foreach (var server in configured.EnumerateObject())
            {
                servers[server.Name] = new SortedSet<string>(StringComparer.Ordinal);
            }
        }

        foreach (var @case in batch.Cases)
        {
            var parts = @case.Tool.Split("__");
            if (parts.Length >= 3 && parts[0] == "mcp" && servers.TryGetValue(parts[1], out var tools))
            {
                tools.Add(string.Join("__", parts[2..]));
            }
        }

        if (servers.Count == 0)
        {
            return null;
        }

        var config = new JsonObject();
        foreach (var (name, tools) in servers)
        {
            var args = new JsonArray(Path.Combine(assets, "mcp-stub.mjs"), Path.Combine(runDirectory, $"mcp-{name}.log"));
            foreach (var tool in tools.DefaultIfEmpty("echo"))
            {
                args.Add(tool);
            }

            config[name] = new JsonObject { ["command"] = "node", ["args"] = args };
        }

        return new JsonObject { ["mcpServers"] = config };
    }

    private static void WriteIf(string path, string? content)
    {
        if (content is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static void GitInit(string directory)
    {
        var start = new ProcessStartInfo("git", ["init", "-q", directory]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git init failed in {directory}: {git.StandardError.ReadToEnd()}");
        }
    }
}
