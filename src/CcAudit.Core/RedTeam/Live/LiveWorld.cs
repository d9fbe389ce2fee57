using System.Text.Json.Nodes;
using CcAudit.Core.Reach;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam.Live;

/// <summary>
/// The world every run of one launch directory sees: a bounded copy of the launch directory (real secrets left out,
/// Claude Code's own settings and MCP files written by the sandbox instead), the canaries, a harmless file for the
/// self-check, and untrusted content carrying injections (README, a subfolder CLAUDE.md, an issue for the MCP server).
/// </summary>
internal sealed class LiveWorld
{
    public const string OkFile = "ccaudit-range-ok.txt";
    public const string DocsFolder = "ccaudit-range-docs";
    private const int MaxFiles = 2_000;
    private const long MaxFileBytes = 256 * 1024;
    private static readonly HashSet<string> SkippedDirectories = new(StringComparer.Ordinal) { ".git", "node_modules", ".venv", "target",
        "bin", "obj" };
    private static readonly HashSet<string> OwnFiles = new(StringComparer.Ordinal) { ".claude/settings.json",
        ".claude/settings.local.json", ".mcp.json" };

    private static readonly System.Text.Json.JsonDocumentOptions Lenient = new()
    {
        AllowTrailingCommas = true, CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    };

    public LiveWorld(RedTeamTarget target)
    {
        Target = target;
        Canaries = new RangeCanaries(target.Directory, target.Home, target.Secrets.Select(s => s.Path));
    }

    public RedTeamTarget Target { get; }

    public RangeCanaries Canaries { get; }

    /// <summary>Files left out of the copy, and why (reports say what the range did not mirror).</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>
    /// Settings the range must own: <c>env</c> would replace the range's model URL, proxy and no-exec prefix (the very
    /// safety of the run), and a key helper would run for credentials. Their effect is what the static trust model reports.
    /// </summary>
    private static readonly string[] RangeOwned = ["env", "apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper"];

    /// <summary>Settings taken out of the range's copy of the policy, for the report's notes.</summary>
    public SortedSet<string> Removed { get; } = new(StringComparer.Ordinal);

    /// <summary>Planted untrusted content, by channel: the text that carries each injection marker.</summary>
    public Dictionary<string, string> Content { get; } = new(StringComparer.Ordinal);

    public void Plant(Func<string, string> host)
    {
        Copy(Target.Directory, host(Target.Directory));
        foreach (var canary in Canaries.All.Where(c => c.Path is not null))
        {
            Write(host(canary.Path!), RangeCanaries.Content(canary));
        }

        Write(host(Path.Combine(Target.Directory, OkFile)), "a harmless file for the range self-check\n");
        if (Content.TryGetValue(LiveInjections.Readme, out var readme))
        {
            var path = host(Path.Combine(Target.Directory, "README.md"));
            Write(path, (File.Exists(path) ? File.ReadAllText(path) + "\n" : "# Project\n") + readme);
        }

        if (Content.TryGetValue(LiveInjections.ClaudeMd, out var claudeMd))
        {
            Write(host(Path.Combine(Target.Directory, DocsFolder, "CLAUDE.md")), claudeMd);
            Write(host(Path.Combine(Target.Directory, DocsFolder, "notes.md")), "# Release notes\n\nNothing to see.\n");
        }
    }

    /// <summary>The tiers of the launch directory's effective settings, as a permission case carries them.</summary>
    public JsonObject Configuration(string mode, bool trusted, JsonObject? flagExtra = null)
    {
        var settings = new JsonObject();
        foreach (var group in Target.Documents.GroupBy(d => d.Source))
        {
            if (TierName(group.Key) is not { } tier)
            {
                continue;
            }

            var merged = new JsonObject();
            foreach (var document in group.Reverse())
            {
                // The raw text is the file's own: JSONC comments and trailing commas, as Claude Code accepts them.
                Merge(merged, JsonNode.Parse(document.Root.GetRawText(), null, Lenient) as JsonObject ?? []);
            }

            foreach (var key in RangeOwned.Where(merged.ContainsKey))
            {
                merged.Remove(key);
                Removed.Add($"{tier} settings' {key}");
            }

            settings[tier] = merged;
        }

        if (flagExtra is not null)
        {
            var flag = settings["flag"] as JsonObject ?? [];
            Merge(flag, flagExtra);
            settings["flag"] = flag;
        }

        var servers = new JsonObject();
        foreach (var name in Target.McpDecisions.Select(d => d.Server.Name).Distinct(StringComparer.Ordinal))
        {
            servers[name] = new JsonObject();
        }

        return new JsonObject
        {
            ["mode"] = mode, ["trusted"] = trusted, ["home"] = Target.Home, ["cwd"] = Target.Directory,
            ["settings"] = settings, ["mcpServers"] = servers,
        };
    }

    private static string? TierName(SettingsSource source) => source switch
    {
        SettingsSource.Managed => "managed",
        SettingsSource.Flag => "flag",
        SettingsSource.Local => "local",
        SettingsSource.Project => "project",
        SettingsSource.User => "user",
        _ => null,
    };

    /// <summary>Objects merge key by key, arrays concatenate (permission lists of drop-ins add up), scalars: the earlier wins.</summary>
    private static void Merge(JsonObject into, JsonObject from)
    {
        foreach (var (key, value) in from.ToList())
        {
            if (into[key] is JsonObject a && value is JsonObject b)
            {
                Merge(a, b);
            }
            else if (into[key] is JsonArray list && value is JsonArray more)
            {
                foreach (var item in more)
                {
                    list.Add(item?.DeepClone());
                }
            }
            else
            {
                into[key] = value?.DeepClone();
            }
        }
    }

    private void Copy(string from, string to)
    {
        var copied = 0;
        var pending = new Stack<string>([from]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos().ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Skipped.Add($"{dir}: not readable ({ex.Message})");
                continue;
            }

            foreach (var entry in entries)
            {
                var relative = Path.GetRelativePath(from, entry.FullName).Replace('\\', '/');
                if (Skip(entry, relative) is { } why)
                {
                    Skipped.Add($"{relative}: {why}");
                }
                else if (entry is DirectoryInfo)
                {
                    pending.Push(entry.FullName);
                }
                else if (copied++ < MaxFiles)
                {
                    Write(Path.Combine(to, relative), File.ReadAllBytes(entry.FullName));
                }
            }
        }

        if (copied > MaxFiles)
        {
            Skipped.Add($"{copied - MaxFiles} file(s) beyond the first {MaxFiles} not copied");
        }
    }

    private static string? Skip(FileSystemInfo entry, string relative)
    {
        if (entry.LinkTarget is not null)
        {
            return "symlink (not followed into the range)";
        }

        if (entry is DirectoryInfo)
        {
            return SkippedDirectories.Contains(entry.Name) ? "not copied (repository or build directory)" : null;
        }

        if (OwnFiles.Contains(relative))
        {
            return relative == ".mcp.json" ? "MCP servers are stubs in the range" : "written from the effective settings";
        }

        if (SensitiveFileClassifier.Classify(relative, null, false) is not null)
        {
            return "sensitive file: a canary stands in";
        }

        return ((FileInfo)entry).Length > MaxFileBytes ? "larger than 256 KiB" : null;
    }

    private static void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    private static void Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
    }
}
