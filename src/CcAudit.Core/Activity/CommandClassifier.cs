using System.Text;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Permissions;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Activity;

/// <summary>What one Bash command does, as far as its text tells: categories and network destinations.</summary>
public sealed record CommandClass(string Normalised, IReadOnlyList<string> Categories, IReadOnlyList<string> Hosts);

/// <summary>
/// Normalises and classifies the Bash commands Claude Code ran. The command line is split with the permission engine's
/// shell tokenizer, wrappers (<c>sudo</c>, <c>env</c>, <c>timeout</c>, <c>bash -c</c> …) are looked through, and each
/// simple command is judged by its program and arguments. Static: a command built from variables or substitutions is
/// judged by what is visible, so the categories are evidence, not proof.
/// </summary>
public static partial class CommandClassifier
{
    public const string Network = "network-egress";
    public const string Credentials = "credential-access";
    public const string WriteOutside = "write-outside-workdir";
    public const string Destructive = "destructive";
    public const string PackageInstall = "package-install";
    public const string GitPush = "git-push";
    public const string Privilege = "privilege-escalation";

    private static readonly HashSet<string> NetworkPrograms = new(StringComparer.Ordinal)
    {
        "curl", "wget", "nc", "ncat", "netcat", "ssh", "scp", "sftp", "rsync", "ftp", "telnet", "http", "https", "xh", "socat", "aria2c", "gh", "nslookup", "dig", "ping",
    };

    private static readonly HashSet<string> Wrappers = new(StringComparer.Ordinal) { "env", "timeout", "nohup", "nice", "command", "exec", "time", "stdbuf", "xargs", "ionice" };

    private static readonly HashSet<string> PrivilegePrograms = new(StringComparer.Ordinal) { "sudo", "su", "doas", "pkexec", "runuser" };

    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "bash", "sh", "zsh", "dash", "ksh" };

    // Home credential stores Claude Code should never need, beyond what the reach classifier knows by file name.
    private static readonly string[] HomeCredentialMarkers =
        ["/.ssh/", "/.aws/", "/.config/gcloud/", "/.azure/", "/.kube/", "/.docker/config.json", "/.gnupg/", "/.claude/.credentials.json", "/.password-store/", "/.config/gh/hosts.yml", "/etc/shadow", "/etc/sudoers"];

    // Secret files known by name alone: vault passwords, client password files, test-runner env files, git credentials.
    private static readonly HashSet<string> SecretFileNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ".vault_pass", ".vault_password", ".vault-pass", ".vault-password", "vault_pass.txt", "vault-password.txt", ".pgpass",
        ".netrc", ".git-credentials", "cypress.env.json", ".my.cnf", ".s3cfg", ".boto", "credentials.json", "service-account.json",
    };

    /// <summary>
    /// Classifies <paramref name="command"/> as run in <paramref name="workingDirectory"/> (null when unknown), with the
    /// session's <paramref name="additionalDirectories"/> (<c>--add-dir</c>, <c>/add-dir</c>, <c>additionalDirectories</c>)
    /// counting as inside the working directories as well.
    /// </summary>
    public static CommandClass Classify(string command, string? workingDirectory, IReadOnlyList<string>? additionalDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var categories = new SortedSet<string>(StringComparer.Ordinal);
        var hosts = new SortedSet<string>(StringComparer.Ordinal);
        Judge(command, new WorkingDirectories(workingDirectory, additionalDirectories ?? []), categories, hosts, depth: 0);
        return new CommandClass(Normalise(command), [.. categories], [.. hosts]);
    }

    /// <summary>Whitespace collapsed and every secret the scanner validates redacted: safe to print and to group by.</summary>
    public static string Normalise(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var text = Whitespace().Replace(command.Trim(), " ");
        var hits = SecretScanner.Scan(text);
        if (hits.Count == 0)
        {
            return text;
        }

        // Hits carry a fingerprint, not a position: find each value again among the words and the parts of words
        // (KEY=value, user:pass@host); a word that holds a secret the parts do not reveal is redacted whole.
        var prints = hits.Select(h => h.Secret.Fingerprint).ToHashSet(StringComparer.Ordinal);
        var builder = new StringBuilder(text.Length);
        foreach (var word in text.Split(' '))
        {
            var redacted = word;
            foreach (var part in WordParts().Split(word).Concat(word.Split('/')).Distinct(StringComparer.Ordinal).Where(p => p.Length >= 6 && prints.Contains(Redaction.Fingerprint(p))))
            {
                redacted = Redaction.RedactWithin(redacted, part);
            }

            if (redacted == word && prints.Contains(Redaction.Fingerprint(word)) || redacted == word && SecretScanner.Scan(word).Count > 0)
            {
                redacted = Redaction.Redact(word).Display;
            }

            builder.Append(builder.Length == 0 ? string.Empty : " ").Append(redacted);
        }

        return builder.ToString();
    }

    /// <summary>True when the path names a secret-bearing file (an .env, a key, a cloud or tool credential store).</summary>
    public static string? SensitiveKindOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normal = path.Replace('\\', '/');
        if (SensitiveFileClassifier.Classify(normal.TrimStart('/'), null, false) is { } kind and not SensitiveKind.TerraformConfig)
        {
            return kind.ToString();
        }

        // "~/.ssh/id_rsa", "/home/me/.ssh" and ".ssh/config" all reach the same store; the trailing "/" lets a bare directory match.
        var probe = "/" + normal.TrimStart('~').TrimStart('/') + "/";
        var name = Path.GetFileName(normal.TrimEnd('/'));
        return HomeCredentialMarkers.Any(m => probe.Contains(m, StringComparison.Ordinal)) || SecretFileNames.Contains(name)
            || name.Contains("deploy_key", StringComparison.OrdinalIgnoreCase)
            || name.Contains("deploy-key", StringComparison.OrdinalIgnoreCase)
            ? SensitiveKind.CredentialStore.ToString() : null;
    }

    /// <summary>The host of an http(s)/ftp/ws URL, lower-cased; null when the text is not such a URL.</summary>
    public static string? HostOf(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "ftp" or "ws" or "wss" && uri.Host.Length > 0
            ? uri.Host.ToLowerInvariant()
            : null;
    }

    private static void Judge(string command, WorkingDirectories directories, SortedSet<string> categories, SortedSet<string> hosts, int depth)
    {
        var parsed = ShellParser.Parse(command);
        foreach (var simple in parsed.Commands)
        {
            foreach (var target in simple.WriteTargets)
            {
                CheckWrite(target, directories, categories);
                CheckSensitive(target, categories);
            }

            var words = simple.Words.ToList();
            while (words.Count > 0)
            {
                var program = Path.GetFileName(words[0]);
                if (PrivilegePrograms.Contains(program))
                {
                    categories.Add(Privilege);
                    words = SkipOptions(words, 1);
                    continue;
                }

                if (Wrappers.Contains(program))
                {
                    words = SkipWrapperArguments(program, words);

                    // A bare env prints the whole environment: tokens and keys exported in the shell included.
                    if (words.Count == 0 && program == "env")
                    {
                        categories.Add(Credentials);
                    }

                    continue;
                }

                break;
            }

            if (words.Count == 0)
            {
                continue;
            }

            var name = Path.GetFileName(words[0]);
            var args = words.Skip(1).ToList();
            if (Shells.Contains(name) && args.IndexOf("-c") is var c and >= 0 && c + 1 < args.Count && depth < 4)
            {
                Judge(args[c + 1], directories, categories, hosts, depth + 1);
                continue;
            }

            foreach (var arg in args)
            {
                CheckSensitive(arg.TrimStart('@'), categories);
                if (HostOf(arg) is { } host)
                {
                    hosts.Add(host);
                }
            }

            Program(name, args, directories, categories, hosts);
        }
    }

    private static void Program(string name, List<string> args, WorkingDirectories directories, SortedSet<string> categories, SortedSet<string> hosts)
    {
        var sub = args.FirstOrDefault(a => !a.StartsWith('-'));
        if (NetworkPrograms.Contains(name))
        {
            categories.Add(Network);
            foreach (var arg in args.Where(a => !a.StartsWith('-')))
            {
                // user@host, host:path (scp/rsync) and bare hosts of ssh/nc/ping name the destination too.
                if (UserAtHost().Match(arg) is { Success: true } m)
                {
                    hosts.Add(m.Groups["host"].Value.ToLowerInvariant());
                }
                else if (name is "ssh" or "nc" or "ncat" or "netcat" or "telnet" or "ping" or "dig" or "nslookup" && BareHost().IsMatch(arg) && args.IndexOf(arg) == args.FindIndex(a => !a.StartsWith('-')))
                {
                    hosts.Add(arg.ToLowerInvariant());
                }
            }
        }

        switch (name)
        {
            case "git":
                Git(args, categories, hosts);
                break;
            case "npm" or "pnpm" or "yarn" or "bun" when sub is "install" or "i" or "add" or "ci" or "update" or "upgrade":
            case "pip" or "pip3" or "pipx" or "gem" or "cargo" or "go" or "brew" or "apt" or "apt-get" or "dnf" or "yum" or "apk" or "pacman" or "zypper" or "conda" or "poetry" or "composer"
                when sub is "install" or "add" or "get" or "i" or "-S" or "update" or "upgrade" || args.Contains("-S"):
                categories.Add(PackageInstall);
                categories.Add(Network);
                break;
            case "uv" when sub is "add" or "pip" && args.Contains("install") || sub is "add" or "sync" or "tool":
            case "npx" or "uvx" or "bunx" or "pnpx":
                // Runs a package fetched from a registry: an install in all but name.
                categories.Add(PackageInstall);
                categories.Add(Network);
                break;
            case "rm" when args.Any(a => a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && (a.Contains('r') || a.Contains('R') || a.Contains('f'))) || args.Contains("--recursive") || args.Contains("--force"):
            case "shred" or "mkfs" or "wipefs" or "dd" or "truncate":
            case "find" when args.Contains("-delete") || args.Contains("-exec") && args.Contains("rm"):
            case "chmod" when args.Contains("-R") && args.Any(a => a is "777" or "a+rwx" or "o+w"):
            case "psql" or "mysql" or "sqlite3" when args.Any(a => a.Contains("drop ", StringComparison.OrdinalIgnoreCase) || a.Contains("truncate ", StringComparison.OrdinalIgnoreCase) || a.Contains("delete from", StringComparison.OrdinalIgnoreCase)):
                categories.Add(Destructive);
                break;
            case "chmod" when args.Any(a => a.Contains("+s", StringComparison.Ordinal) || a.Length == 4 && a[0] is '4' or '2' or '6' && a.All(char.IsDigit)):
            case "chown" when args.Any(a => a.StartsWith("root", StringComparison.Ordinal)):
            case "setcap" or "visudo" or "usermod" or "passwd":
                categories.Add(Privilege);
                break;
            case "printenv":
            case "security" when sub is "find-generic-password" or "find-internet-password" or "dump-keychain":
            case "aws" when sub is "configure" || args.Contains("get-secret-value") || args.Contains("get-session-token"):
            case "gcloud" when args.Contains("print-access-token"):
            case "gh" when sub is "auth" && args.Contains("token"):
            case "kubectl" when sub is "get" && args.Any(a => a.StartsWith("secret", StringComparison.Ordinal)):
                categories.Add(Credentials);
                break;
        }

        InfrastructureAndRuntimes(name, sub, args, categories);
        if (name is "cp" or "mv" or "tee" or "touch" or "mkdir" or "ln" or "install" or "rsync" or "scp" && args.LastOrDefault(a => !a.StartsWith('-')) is { } destination)
        {
            CheckWrite(destination, directories, categories);
        }

        if (name is "rm" or "rmdir" || name == "sed" && args.Contains("-i"))
        {
            foreach (var target in args.Where(a => !a.StartsWith('-')))
            {
                CheckWrite(target, directories, categories);
            }
        }
    }

    /// <summary>Infrastructure tools that tear down what they manage, and interpreters told to print the environment.</summary>
    private static void InfrastructureAndRuntimes(string name, string? sub, List<string> args, SortedSet<string> categories)
    {
        switch (name)
        {
            case "terraform" or "tofu" or "terragrunt" when sub is "destroy" || sub == "apply" && args.Contains("-destroy"):
            case "pulumi" when sub is "destroy":
            case "kubectl" or "oc" when sub is "delete":
            case "helm" when sub is "uninstall" or "delete":
            case "aws" when args.Contains("rm") && args.Contains("--recursive") || args.Contains("delete-bucket")
                || args.Contains("terminate-instances"):
            case "mongo" or "mongosh" or "redis-cli" or "clickhouse-client" or "cqlsh"
                when args.Any(a => a.Contains("drop", StringComparison.OrdinalIgnoreCase)
                    || a.Contains("flushall", StringComparison.OrdinalIgnoreCase)):
                categories.Add(Destructive);
                break;
            case "python" or "python3" or "node" or "ruby" or "perl" or "bun" or "deno"
                when args.Any(a => a is "-c" or "-e" or "--eval" or "-p") && args.Any(PrintsEnvironment):
                categories.Add(Credentials);
                break;
        }
    }

    private static bool PrintsEnvironment(string code) =>
        code.Contains("environ", StringComparison.Ordinal) || code.Contains("process.env", StringComparison.Ordinal)
        || code.Contains("ENV", StringComparison.Ordinal);

    private static void Git(List<string> args, SortedSet<string> categories, SortedSet<string> hosts)
    {
        // Global options come before the subcommand; -C and -c take a value.
        string? sub = null;
        for (var i = 0; i < args.Count && sub is null; i++)
        {
            if (args[i] is "-C" or "-c")
            {
                i++;
            }
            else if (!args[i].StartsWith('-'))
            {
                sub = args[i];
            }
        }

        switch (sub)
        {
            case "push":
                categories.Add(GitPush);
                categories.Add(Network);
                if (args.Any(a => a is "--force" or "-f" or "--force-with-lease" || a.StartsWith('+')))
                {
                    categories.Add(Destructive);
                }

                break;
            case "clone" or "fetch" or "pull" or "ls-remote" or "submodule":
                categories.Add(Network);
                break;
            case "reset" when args.Contains("--hard"):
            case "clean" when args.Any(a => a.StartsWith('-') && a.Contains('f')):
            case "checkout" when args.Contains("--") && args.Contains("."):
            case "branch" when args.Contains("-D"):
                categories.Add(Destructive);
                break;
        }

        foreach (var arg in args)
        {
            if (UserAtHost().Match(arg) is { Success: true } m)
            {
                hosts.Add(m.Groups["host"].Value.ToLowerInvariant());
            }
        }
    }

    private static void CheckSensitive(string word, SortedSet<string> categories)
    {
        if (word.Length > 0 && word.Length < 4096 && (word.Contains('/') || word.StartsWith('.') || word.Contains('.')) && SensitiveKindOf(word) is not null)
        {
            categories.Add(Credentials);
        }
    }

    private static void CheckWrite(string target, WorkingDirectories directories, SortedSet<string> categories)
    {
        var cwd = directories.Cwd;
        if (target.Length == 0 || target.StartsWith("/dev/", StringComparison.Ordinal) || target.StartsWith('&') || target.Contains('$'))
        {
            return;
        }

        if (target.StartsWith('~'))
        {
            categories.Add(WriteOutside);
            return;
        }

        if (cwd is null && !target.StartsWith('/'))
        {
            return;
        }

        string full;
        try
        {
            full = Path.GetFullPath(target, cwd ?? "/");
        }
        catch (ArgumentException)
        {
            return;
        }

        // The session's scratch space (/tmp) is where Claude Code is told to put throwaway files; it is not the user's data.
        var inside = (cwd is null ? directories.Additional : [cwd, .. directories.Additional])
            .Any(d => d.Length > 0 && (full == d || full.StartsWith(d.TrimEnd('/') + "/", StringComparison.Ordinal)));
        if (!inside && !full.StartsWith("/tmp/", StringComparison.Ordinal) && full != "/tmp")
        {
            categories.Add(WriteOutside);
        }
    }

    private static List<string> SkipOptions(List<string> words, int from)
    {
        var i = from;
        while (i < words.Count && words[i].StartsWith('-'))
        {
            // sudo -u USER / -g GROUP take a value.
            i += words[i] is "-u" or "-g" or "-C" or "-p" ? 2 : 1;
        }

        return words.Skip(i).ToList();
    }

    private static List<string> SkipWrapperArguments(string program, List<string> words)
    {
        var i = 1;
        while (i < words.Count && (words[i].StartsWith('-') || program == "env" && words[i].Contains('=') || program == "timeout" && i == FirstNonOption(words) && char.IsDigit(words[i][0])))
        {
            i += program == "nice" && words[i] == "-n" ? 2 : 1;
        }

        return words.Skip(i).ToList();
    }

    private static int FirstNonOption(List<string> words)
    {
        for (var i = 1; i < words.Count; i++)
        {
            if (!words[i].StartsWith('-'))
            {
                return i;
            }
        }

        return words.Count;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex("[=:@'\",;]")]
    private static partial Regex WordParts();

    [GeneratedRegex(@"^(?:[A-Za-z0-9._-]+@)(?<host>[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\d{1,3}(?:\.\d{1,3}){3}|localhost)(?::|$)")]
    private static partial Regex UserAtHost();

    [GeneratedRegex(@"^(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$|^\d{1,3}(?:\.\d{1,3}){3}$")]
    private static partial Regex BareHost();

    /// <summary>The launch directory (relative paths resolve against it) and the session's other working directories.</summary>
    private sealed record WorkingDirectories(string? Cwd, IReadOnlyList<string> Additional);
}
