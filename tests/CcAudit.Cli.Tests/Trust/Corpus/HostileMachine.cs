using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>
/// One scratch machine for one hostile kind: a Claude home, a managed-policy directory and a committed repository
/// (<c>work/app</c>) that is also a recorded launch directory, each holding ordinary configuration with a secret planted
/// in it, which the kind then makes hostile. Paths are relative to the machine root (<c>home/…</c>, <c>work/app/…</c>).
/// </summary>
internal sealed class HostileMachine : IDisposable
{
    /// <summary>Planted in every machine: whatever a kind breaks, these must never appear whole.</summary>
    public const string McpSecret = "base-Pw#mcp:9f3c@x";

    public const string TranscriptSecret = "basetranscriptbearer0123456789";

    public const string RepoSecret = "repo-mcp-Pw#77";

    public const string Session = "5e55e55e-0000-4000-8000-0000000000aa";

    private readonly List<string> _unreadable = [];

    public HostileMachine(string root)
    {
        Root = root;
        Repo = Combine("work/app");
        Secrets = [McpSecret, TranscriptSecret, RepoSecret];
        PlantBase();
    }

    public string Root { get; }

    public string Home => Combine("home");

    public string Managed => Combine("managed");

    public string Repo { get; }

    public string Store => Combine("out/store.db");

    public string FleetStore => Combine("out/fleet.db");

    public string Snapshot => Combine("out/snapshot.json");

    /// <summary>The directory Claude Code keeps this repository's transcripts in (relative).</summary>
    public string TranscriptDir => "home/.claude/projects/" + Repo.Replace('/', '-');

    /// <summary>Values that must not appear whole in any output of this machine.</summary>
    public List<string> Secrets { get; }

    /// <summary>Whether some path was made unreadable (the run then drops root's permission to bypass mode bits).</summary>
    public bool HasUnreadable => _unreadable.Count > 0;

    public string Combine(string relative) => Path.GetFullPath(Path.Combine(Root, relative));

    public string Out(string name)
    {
        Directory.CreateDirectory(Combine("out"));
        return Combine("out/" + name);
    }

    public string Write(string relative, string content) => WriteBytes(relative, Encoding.UTF8.GetBytes(content));

    public string WriteBytes(string relative, byte[] content)
    {
        var full = Parent(relative);
        File.Delete(full);
        File.WriteAllBytes(full, content);
        return full;
    }

    public string Json(string relative, object value) => Write(relative, JsonSerializer.Serialize(value));

    /// <summary>Replaces whatever is at <paramref name="relative"/> by a symbolic link to <paramref name="target"/>.</summary>
    public void Link(string relative, string target)
    {
        var full = Parent(relative);
        Remove(full);
        File.CreateSymbolicLink(full, target);
    }

    public void Fifo(string relative)
    {
        var full = Parent(relative);
        Remove(full);
        Run("mkfifo", full);
    }

    public void AsDirectory(string relative)
    {
        var full = Parent(relative);
        Remove(full);
        Directory.CreateDirectory(full);
        File.WriteAllText(Path.Combine(full, "inside.json"), "{}");
    }

    /// <summary>Mode 000 once the repository is committed; the run drops the capabilities that let root ignore it.</summary>
    public void Unreadable(string relative) => _unreadable.Add(Combine(relative));

    /// <summary>A transcript line as 2.1.328 writes it, in this machine's repository.</summary>
    public static string Line(string type, object message, string? cwd, string? uuid = null) => JsonSerializer.Serialize(new
    {
        parentUuid = (string?)null, isSidechain = false, type, message, uuid = uuid ?? Guid.NewGuid().ToString(),
        timestamp = "2026-11-25T04:55:00.455Z", permissionMode = "default", cwd, sessionId = Session, version = "2.1.328",
        entrypoint = "cli", userType = "external",
    }) + "\n";

    public static object ToolUse(string name, object input) => new
    {
        id = "m-" + name, type = "message", role = "assistant", model = "claude-opus-5-5",
        content = new object[] { new { type = "tool_use", id = "t-" + name, name, input } },
        usage = new { input_tokens = 10, output_tokens = 5 },
    };

    /// <summary>Commits the repository as a developer would, then applies the unreadable modes.</summary>
    public void Seal()
    {
        Run("git", "-C", Repo, "init", "-q");
        Run("git", "-C", Repo, "add", "-A");
        Run("git", "-C", Repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "x", "--allow-empty");
        foreach (var path in _unreadable)
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }
    }

    public void Dispose()
    {
        foreach (var path in _unreadable.Where(p => Path.Exists(p)))
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private void PlantBase()
    {
        Json("home/.claude.json", new
        {
            projects = new Dictionary<string, object> { [Repo] = new { hasTrustDialogAccepted = true, allowedTools = Array.Empty<string>() } },
            mcpServers = new Dictionary<string, object>
            {
                ["base"] = new { command = "npx", args = new[] { "-y", "pg-mcp", $"postgres://app:{McpSecret}@db.internal/app" } },
            },
        });
        Json("home/.claude/settings.json", new { permissions = new { allow = new[] { "Bash(ls:*)", "Bash(git status)" } } });
        Json("managed/managed-settings.json", new { permissions = new { deny = new[] { "Bash(curl:*)" } } });
        Json("work/app/.mcp.json", new
        {
            mcpServers = new Dictionary<string, object> { ["repo"] = new { command = "mysql-mcp", args = new[] { $"mysql://root:{RepoSecret}@db/x" } } },
        });
        Json("work/app/.claude/settings.json", new { permissions = new { deny = new[] { "Read(./.env)" }, allow = new[] { "Bash(npm test)" } } });
        Write("work/app/CLAUDE.md", "# App\n\nRun `npm test` before committing.\n");
        Write("work/app/.env", "API_URL=https://api.example.com\n");
        var command = $"curl -H 'Authorization: Bearer {TranscriptSecret}' https://api.example.com/v1";
        Write($"{TranscriptDir}/{Session}.jsonl",
            Line("user", new { role = "user", content = "check the api" }, Repo) + Line("assistant", ToolUse("Bash", new { command }), Repo));
    }

    private string Parent(string relative)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return full;
    }

    private static void Remove(string full)
    {
        if (Directory.Exists(full) && !File.GetAttributes(full).HasFlag(FileAttributes.ReparsePoint))
        {
            Directory.Delete(full, recursive: true);
        }
        else
        {
            File.Delete(full);
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error}");
        }
    }
}
