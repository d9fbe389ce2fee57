using System.Text.Json;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Permissions;

/// <summary>
/// Decides tool calls the way Claude Code 2.1.328 does (claude-code-surface.md §4, oracle-protocol.md §7–§12): deny over
/// ask over allow across every tier, Bash decided per subcommand, path rules with source anchors, working directories,
/// protected paths and modes. Each decision names the rule and file that made it, or the mode or built-in behaviour.
/// </summary>
public sealed partial class PermissionEngine
{
    private static readonly HashSet<string> SafeEnvironment = new(StringComparer.Ordinal)
    {
        "GOEXPERIMENT", "GOOS", "GOARCH", "CGO_ENABLED", "GO111MODULE", "RUST_BACKTRACE", "RUST_LOG", "NODE_ENV", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD", "PYTEST_DEBUG", "ANTHROPIC_API_KEY", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_TIME", "CHARSET", "TERM", "COLORTERM",
        "NO_COLOR", "FORCE_COLOR", "TZ", "LS_COLORS", "LSCOLORS", "GREP_COLOR", "GREP_COLORS", "GCC_COLORS", "TIME_STYLE", "BLOCK_SIZE", "BLOCKSIZE", "COLUMNS",
        "LINES", "CLICOLOR", "CLICOLOR_FORCE", "CI", "DEBIAN_FRONTEND", "GIT_TERMINAL_PROMPT",
    };

    private static readonly HashSet<string> ReadOnlyCommands = new(StringComparer.Ordinal)
    {
        "ls", "cat", "echo", "pwd", "head", "tail", "grep", "egrep", "fgrep", "rg", "wc", "which", "diff", "stat", "du", "df", "cd", "tree", "true", "false",
        "date", "whoami", "id", "uname", "basename", "dirname", "realpath", "readlink", "uniq", "cut", "tr", "jq", "type", "test", "printf", "nl", "less", "more",
        "file", "find", "sort", "sed", "git", "docker", "sleep", "xargs",
    };

    // The commands xargs may feed and stay read-only (the binary's list); anything else, or none named, is judged apart.
    private static readonly HashSet<string> XargsTargets = new(StringComparer.Ordinal) { "echo", "printf", "wc", "grep", "egrep", "fgrep", "head", "tail" };

    private static readonly HashSet<string> ReadOnlyGit = new(StringComparer.Ordinal)
    {
        "status", "log", "diff", "show", "rev-parse", "ls-files", "ls-tree", "blame", "describe", "shortlog", "grep", "branch", "remote", "tag", "config", "reflog", "cat-file", "merge-base",
    };

    // Commands whose path arguments are reads: Read deny rules govern them even over a Bash allow rule.
    private static readonly HashSet<string> FileReadingCommands = new(StringComparer.Ordinal)
    {
        "cat", "head", "tail", "less", "more", "grep", "egrep", "fgrep", "rg", "ls", "wc", "sed", "sort", "uniq", "cut", "nl", "diff", "stat", "file", "tree", "du", "find", "base64", "xxd", "od", "strings", "jq",
    };

    // Options of git config that change the configuration whatever else is on the line.
    private static readonly HashSet<string> GitConfigWrites = new(StringComparer.Ordinal)
    {
        "--unset", "--unset-all", "--add", "--replace-all", "--rename-section", "--remove-section", "-e", "--edit", "set", "unset",
        "rename-section", "remove-section", "edit",
    };

    private static readonly HashSet<string> ReadOnlyDocker = new(StringComparer.Ordinal) { "ps", "images", "inspect", "logs", "version", "info", "top" };

    private static readonly HashSet<string> FileSystemCommands = new(StringComparer.Ordinal) { "mkdir", "touch", "rm", "rmdir", "mv", "cp", "sed" };

    // Whole command lines the binary treats as read-only although their program is not (version and help probes).
    private static readonly HashSet<string> ReadOnlyCommandLines = new(StringComparer.Ordinal)
    {
        "node -v", "node --version", "python --version", "python3 --version", "claude -h", "claude --help",
    };

    // An allow rule led by a shell keyword, a builtin that runs other code, or a bare wrapper allows only the command that is
    // exactly its text (Bash(done) allows `done`, Bash(timeout:*) allows `timeout`): never what the word introduces.
    private static readonly HashSet<string> NeverAllowed = new(StringComparer.Ordinal)
    {
        "for", "do", "done", "then", "fi", "if", "elif", "else", "while", "until", "case", "esac", "in", "function", "select",
        "{", "}", "!",
        "source", ".", "eval", "exec", "timeout", "nohup", "nice", "time", "stdbuf", "command", "builtin", "noglob",
    };

    private static readonly HashSet<string> ExecWrappers = new(StringComparer.Ordinal) { "watch", "setsid", "ionice", "flock" };

    // WebFetch's built-in allowlist in 2.1.328 (host, or host plus path prefix), read out of the binary.
    private static readonly string[] PreapprovedWebFetch =
    [
        "platform.claude.com", "code.claude.com", "claude.dev", "www.claude.dev", "claude.com/docs", "modelcontextprotocol.io", "github.com/anthropics", "github.com/anthropic-experimental",
        "raw.githubusercontent.com/anthropics", "raw.githubusercontent.com/anthropic-experimental", "agentskills.io", "docs.python.org", "en.cppreference.com", "docs.oracle.com", "learn.microsoft.com",
        "developer.mozilla.org", "go.dev/doc", "go.dev/ref", "www.php.net", "docs.swift.org", "kotlinlang.org", "ruby-doc.org", "doc.rust-lang.org", "www.typescriptlang.org", "react.dev", "angular.io",
        "vuejs.org", "nextjs.org", "expressjs.com", "nodejs.org", "bun.sh", "jquery.com", "getbootstrap.com", "tailwindcss.com", "d3js.org", "threejs.org", "redux.js.org", "webpack.js.org", "jestjs.io",
        "reactrouter.com", "docs.djangoproject.com", "flask.palletsprojects.com", "fastapi.tiangolo.com", "pandas.pydata.org", "numpy.org", "www.tensorflow.org", "pytorch.org", "scikit-learn.org",
        "matplotlib.org", "requests.readthedocs.io", "jupyter.org", "laravel.com", "symfony.com", "wordpress.org/documentation", "docs.spring.io", "hibernate.org", "tomcat.apache.org", "gradle.org",
        "maven.apache.org", "asp.net", "dotnet.microsoft.com", "blazor.net", "reactnative.dev", "docs.flutter.dev", "developer.apple.com", "developer.android.com", "keras.io", "spark.apache.org",
        "huggingface.co/docs", "www.kaggle.com/docs", "www.mongodb.com", "redis.io", "www.postgresql.org", "dev.mysql.com", "www.sqlite.org", "graphql.org", "prisma.io", "docs.getdbt.com",
        "docs.aws.amazon.com", "cloud.google.com", "kubernetes.io", "www.docker.com", "www.terraform.io", "www.ansible.com", "vercel.com/docs", "docs.stripe.com", "docs.netlify.com",
        "devcenter.heroku.com", "dev.wix.com/docs", "cypress.io", "selenium.dev", "docs.unity.com", "docs.unrealengine.com", "git-scm.com", "nginx.org", "httpd.apache.org",
    ];

    private static readonly string[] ProtectedDirectories = [".git", ".config/git", ".vscode", ".idea", ".husky", ".cargo", ".devcontainer", ".yarn", ".mvn", ".claude"];

    private static readonly HashSet<string> ProtectedFiles = new(StringComparer.Ordinal)
    {
        ".gitconfig", ".gitmodules", ".bashrc", ".bash_profile", ".zshrc", ".zprofile", ".profile", ".zshenv", ".zlogin", ".zlogout", ".bash_login", ".bash_aliases",
        ".bash_logout", ".envrc", ".ripgreprc", ".mcp.json", ".claude.json", ".npmrc", ".yarnrc", ".yarnrc.yml", ".pnp.cjs", ".pnp.loader.mjs", ".pnpmfile.cjs",
        "bunfig.toml", ".bunfig.toml", ".bazelrc", ".bazelversion", ".bazeliskrc", ".pre-commit-config.yaml", "lefthook.yml", ".lefthook.yml", "lefthook.yaml",
        ".lefthook.yaml", "gradle-wrapper.properties", "maven-wrapper.properties", ".devcontainer.json", "pyrightconfig.json",
    };

    private readonly PermissionContext _context;
    private readonly IReadOnlyList<(PermissionRuleEntry Entry, PermissionRuleText Text)> _rules;
    private readonly IReadOnlyList<string> _workingDirectories;
    private readonly IReadOnlyList<(PermissionRuleEntry Entry, ParameterRule Rule)> _parameterRules;

    // Compiled once per launch directory, indexed by PermissionList: the Bash globs and the path rules, in rule order.
    private readonly (PermissionRuleEntry Entry, BashGlob Glob, bool Wildcard, string? KeywordBody, BashGlob Typed)[][] _bash;
    private readonly (PermissionRuleEntry Entry, string Tool, Regex Rule)[][] _paths;

    // The text of each Bash allow rule without its trailing wildcard, escapes resolved (null for a bare Bash rule).
    private readonly string?[] _allowBodies;

    public PermissionEngine(PermissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        var effective = EffectiveSettingsBuilder.Build(context.Documents, context.Trusted);
        _rules = [.. effective.AppliedRules.Select(r => (r, PermissionRuleText.Parse(r.Rule)))];
        // Parameter rules work in deny and ask lists only; in allow lists the binary ignores them.
        _parameterRules = [.. _rules.Where(r => r.Entry.List != PermissionList.Allow).Select(r => (r.Entry, Rule: ParameterRule.From(r.Text))).Where(r => r.Rule is not null).Select(r => (r.Entry, r.Rule!))];
        _bash = [.. Enum.GetValues<PermissionList>().Select(list => _rules.Where(r => r.Entry.List == list && r.Text.Tool == "Bash")
            .Select(r => (r.Entry, BashGlob.Compile(r.Text.BashPattern), r.Text.BashPattern is null || r.Text.BashPattern.Contains('*', StringComparison.Ordinal),
                list == PermissionList.Allow ? KeywordBody(r.Text.BashPattern) : null, BashGlob.Compile(Unescaped(r.Text.BashPattern)))).ToArray())];
        _allowBodies = [.. _bash[(int)PermissionList.Allow]
            .Select(r => Unescaped(PermissionRuleText.Parse(r.Entry.Rule).BashPattern) is { } p ? (p.EndsWith(" *", StringComparison.Ordinal) ? p[..^2] : p) : null)];
        _paths = [.. Enum.GetValues<PermissionList>().Select(list => _rules
            .Where(r => r.Entry.List == list && r.Text.Tool is "Read" or "Edit" or "Write" && r.Text.Specifier is { Length: > 0 } && !r.Text.IsParameterRule)
            .Select(r => (r.Entry, r.Text.Tool, PathRule.Compile(r.Text.Specifier!, list, r.Entry.Source, context.Home, context.Cwd))).ToArray())];
        _bypassDisabled = effective.GetString("permissions.disableBypassPermissionsMode") == "disable";
        _autoDisabled = effective.GetString("disableAutoMode") == "disable";
        _blockReads = effective.GetBool("permissions.blockReadsOutsideWorkingDirectories") == true;
        _blockWrites = effective.GetBool("permissions.blockWritesOutsideWorkingDirectories") == true;
        var extra = effective.Get("permissions.additionalDirectories")?.Value is { ValueKind: JsonValueKind.Array } dirs
            // A "//"-anchored entry, the rule syntax for absolute paths, is not a directory to the binary: it is dropped.
            ? dirs.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.String && !d.GetString()!.StartsWith("//", StringComparison.Ordinal)).Select(d => Resolve(d.GetString()!))
            : [];
        _workingDirectories = [.. new[] { context.Cwd }.Concat(context.AddDirs.Select(Resolve)).Concat(extra).Select(d => d.TrimEnd('/')).Distinct(StringComparer.Ordinal)];
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PermissionContext, PermissionEngine> Compiled = [];

    /// <summary>
    /// The engine for a context, compiled once: rules parsed, globs and path rules built. Contexts are shared per
    /// configuration (<see cref="PermissionCase.Parse"/> keeps one per settings content), so this is a cache by settings.
    /// </summary>
    public static PermissionEngine For(PermissionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Compiled.GetValue(context, c => new PermissionEngine(c));
    }

    /// <summary>The only text an allow rule led by a keyword, code-running builtin or bare wrapper allows, or null for other rules.</summary>
    private static string? KeywordBody(string? pattern)
    {
        if (pattern is null)
        {
            return null;
        }

        var body = pattern.EndsWith(" *", StringComparison.Ordinal) ? pattern[..^2] : pattern;
        var first = body.TrimStart().Split(' ', 2)[0];
        var wrapper = first is "timeout" or "nohup" or "nice" or "time" or "stdbuf" or "command" or "builtin" or "noglob";
        // A keyword or builtin rule allows no subcommand at all (only a whole line equal to an exact one); a bare wrapper its own word.
        return !NeverAllowed.Contains(first) ? null : wrapper ? (body.Trim() == first ? body : null) : "\u0000";
    }

    /// <summary>A specifier with the rule syntax's escapes resolved: <c>\(</c>, <c>\)</c> and <c>\\</c> stand for the characters.</summary>
    private static string? Unescaped(string? pattern) =>
        pattern is null || !pattern.Contains('\\', StringComparison.Ordinal)
            ? pattern
            : pattern.Replace("\\(", "(", StringComparison.Ordinal).Replace("\\)", ")", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);

    /// <summary>The launch directory, the <c>--add-dir</c> directories and the effective additionalDirectories, absolute.</summary>
    /// <summary>The working directories as paths; the root stays "/" (inside the engine it is the empty prefix).</summary>
    public IReadOnlyList<string> WorkingDirectories => [.. _workingDirectories.Select(d => d.Length == 0 ? "/" : d)];

    // permissions.disableBypassPermissionsMode: "disable" refuses bypassPermissions; the session then runs in default mode.
    private readonly bool _bypassDisabled;

    // disableAutoMode: "disable" likewise turns auto mode into default mode.
    private readonly bool _autoDisabled;

    // permissions.blockReadsOutsideWorkingDirectories / blockWritesOutsideWorkingDirectories: what would ask is refused.
    private readonly bool _blockReads;
    private readonly bool _blockWrites;

    private string Mode =>
        _context.Mode == "manual" || (_bypassDisabled && _context.Mode == "bypassPermissions") || (_autoDisabled && _context.Mode == "auto")
            ? "default"
            : _context.Mode;

    // Decisions are pure functions of the compiled policy and the call: a call seen before is answered from here, looked up
    // by the input's raw JSON text per tool without allocating.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Collections.Concurrent.ConcurrentDictionary<string, PermissionDecision>> _decided = new(StringComparer.Ordinal);

    /// <summary>Decides one tool call as the model emits it: tool name and input object.</summary>
    public PermissionDecision Decide(string tool, JsonElement input)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var raw = input.ValueKind == JsonValueKind.Object ? System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(input) : [];
        if (raw.Length is 0 or > 4096)
        {
            return DecideUncached(tool, input);
        }

        Span<char> text = stackalloc char[raw.Length];
        text = text[..System.Text.Encoding.UTF8.GetChars(raw, text)];
        var byTool = _decided.GetOrAdd(tool, static _ => new(StringComparer.Ordinal));
        if (byTool.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var known))
        {
            return known;
        }

        var decision = DecideUncached(tool, input);
        if (byTool.Count > 65_536)
        {
            byTool.Clear();
        }

        byTool[text.ToString()] = decision;
        return decision;
    }

    /// <summary>The decision without the cache of calls already decided (what the benchmark's cold rate measures).</summary>
    public PermissionDecision DecideUncached(string tool, JsonElement input)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var verdict = tool switch
        {
            "Bash" => Bash(StringOf(input, "command") ?? string.Empty),
            "Read" => ReadFile(Resolve(StringOf(input, "file_path") ?? string.Empty)),
            "Edit" or "Write" or "MultiEdit" => WriteFile(tool, Resolve(StringOf(input, "file_path") ?? string.Empty)),
            "NotebookEdit" => WriteFile(tool, Resolve(StringOf(input, "notebook_path") ?? string.Empty)),
            "WebFetch" => WebFetch(StringOf(input, "url") ?? string.Empty),
            "Skill" => Skill(StringOf(input, "skill") ?? string.Empty),
            _ => Generic(tool),
        };
        return ToDecision(ApplyMode(WithParameterRules(tool, input, verdict)));
    }

    /// <summary>A deny parameter rule on the call's input denies it whatever else decided; an ask one asks unless a deny decided.</summary>
    private Verdict WithParameterRules(string tool, JsonElement input, Verdict verdict)
    {
        if (verdict.Kind == PermissionDecisionKind.Deny || _parameterRules.Count == 0)
        {
            return verdict;
        }

        foreach (var list in new[] { PermissionList.Deny, PermissionList.Ask })
        {
            if (!(list == PermissionList.Ask && verdict.FromAskRule) && _parameterRules.FirstOrDefault(p => p.Entry.List == list && p.Rule.Matches(tool, input)) is { Entry: { } entry } match)
            {
                return new Verdict(Kind(list), entry, $"{list.ToString().ToLowerInvariant()} rule {entry.Rule} matches the call's {match.Rule.Field}", FromAskRule: list == PermissionList.Ask);
            }
        }

        return verdict;
    }

    private Verdict ApplyMode(Verdict verdict)
    {
        switch (Mode)
        {
            case "dontAsk" when verdict.Kind == PermissionDecisionKind.Ask:
                return verdict with { Kind = PermissionDecisionKind.Deny, Reason = "dontAsk mode denies what would ask: " + verdict.Reason, Entry = verdict.FromAskRule ? verdict.Entry : null };
            case "bypassPermissions" when verdict.Kind == PermissionDecisionKind.Ask && !verdict.FromAskRule && !verdict.Critical:
                return new Verdict(PermissionDecisionKind.Allow, null, "bypassPermissions mode allows what would ask");
            case "auto" or "plan" when verdict.Kind == PermissionDecisionKind.Ask && !verdict.FromAskRule:
                return verdict with { Kind = PermissionDecisionKind.Classifier, Reason = $"{Mode} mode: the classifier decides ({verdict.Reason})" };
            default:
                return verdict;
        }
    }

    private Verdict Bash(string command)
    {
        if (command.Length > 10_000)
        {
            return Ask("commands over 10,000 characters always ask");
        }

        var parse = ShellParser.Parse(command, _context.Home);
        if (parse.Unparsable || parse.Commands.Count == 0)
        {
            // A line the shell grammar rejects is still matched whole: deny rules first, then an allow rule that is all of it.
            return BashRule(PermissionList.Deny, command.Trim()) is { } unparsedDeny
                ? new Verdict(PermissionDecisionKind.Deny, unparsedDeny, $"deny rule {unparsedDeny.Rule} matches the whole command")
                : WholeCommandAllow(command.Trim()) is { } unparsedAllow
                    ? new Verdict(PermissionDecisionKind.Allow, unparsedAllow, $"allow rule {unparsedAllow.Rule} is the whole command as typed")
                    : Ask("the command could not be parsed");
        }

        var parts = parse.Commands.Select(Subcommand).ToList();

        // Rules also see the whole line as typed: a deny written with a pipe (Bash(wget * | bash*)) and an exact rule that is
        // itself a compound command (Bash(cd dir && npx tsc --noEmit 2>&1)).
        var line = command.Trim();
        if (parse.Commands.Count > 1 || parse.Nested.Count > 0)
        {
            if (BashRule(PermissionList.Deny, line) is { } lineDeny)
            {
                return new Verdict(PermissionDecisionKind.Deny, lineDeny, $"deny rule {lineDeny.Rule} matches the whole command");
            }

            if (BashRule(PermissionList.Ask, line) is { } lineAsk)
            {
                parts.Add(new Verdict(PermissionDecisionKind.Ask, lineAsk, $"ask rule {lineAsk.Rule} matches the whole command", FromAskRule: true));
            }
        }

        // Deny and ask rules also reach the commands inside $(...), backticks and process substitutions.
        parts.AddRange(parse.Nested.Select(RuleOnly).OfType<Verdict>());

        if (parts.All(p => p.Kind != PermissionDecisionKind.Deny) && ChangeOfDirectory(parse.Commands) is { } cdAsk)
        {
            parts.Add(cdAsk);
        }

        var deny = parts.FirstOrDefault(p => p.Kind == PermissionDecisionKind.Deny);
        if (deny is not null)
        {
            return deny;
        }

        if (parts.FirstOrDefault(p => p.FromAskRule) is { } askRule)
        {
            return parts.Count == 1 ? askRule : askRule with { Reason = $"subcommand: {askRule.Reason}" };
        }

        if (WholeCommandAllow(line) is { } wholeLine && !parts.Any(p => p.Kind == PermissionDecisionKind.Deny || p.FromAskRule))
        {
            return new Verdict(PermissionDecisionKind.Allow, wholeLine, $"allow rule {wholeLine.Rule} is the whole command as typed");
        }

        // A read-only command sent to the background asks before any allow rule is consulted.
        if (parse.Background && parse.Commands.Any(c => c.Words.Count > 0 && IsReadOnly(c.Words[0], [.. c.Words])))
        {
            return Ask("a read-only command run in the background (&) asks");
        }

        // A rule allowing every command (Bash, Bash(*)) allows what no deny or ask rule stops: no path or shape checks,
        // except the removal of a critical path, which always asks.
        if (!parts.Any(p => p.Critical) && BashRule(PermissionList.Allow, "\u0001") is { } everything)
        {
            return new Verdict(PermissionDecisionKind.Allow, everything, $"allow rule {everything.Rule} allows every command");
        }

        if (parse.Background)
        {
            return Ask("a command run in the background (&) always asks", parts.Any(p => p.Critical));
        }

        if (parse.Subshell)
        {
            return Ask("a ( ... ) subshell always asks", parts.Any(p => p.Critical));
        }

        var ask = parts.FirstOrDefault(p => p.Kind == PermissionDecisionKind.Ask);
        if (ask is not null)
        {
            return parts.Count == 1 ? ask : ask with { Reason = $"subcommand: {ask.Reason}", Critical = parts.Any(p => p.Critical) };
        }

        return parts.Count == 1 ? parts[0] : new Verdict(PermissionDecisionKind.Allow, parts.FirstOrDefault(p => p.Entry is not null)?.Entry, "every subcommand is allowed");
    }

    /// <summary>The deny or ask rule that matches a nested command, seen through assignments and wrappers, or null.</summary>
    private Verdict? RuleOnly(ShellCommand command)
    {
        var words = command.Words.SkipWhile(w => Assignment().IsMatch(w)).ToList();
        StripWrappers(words);
        var text = string.Join(' ', words);
        var inner = InnerOfExecWrapper(words);
        if ((BashRule(PermissionList.Deny, text) ?? (inner is null ? null : BashRule(PermissionList.Deny, inner))) is { } deny)
        {
            return new Verdict(PermissionDecisionKind.Deny, deny, $"deny rule matches '{text}' inside a substitution");
        }

        return (BashRule(PermissionList.Ask, text) ?? (inner is null ? null : BashRule(PermissionList.Ask, inner))) is { } ask
            ? new Verdict(PermissionDecisionKind.Ask, ask, $"ask rule matches '{text}' inside a substitution", FromAskRule: true)
            : null;
    }

    /// <summary>
    /// A <c>cd</c> moves the commands after it: it asks when the target is outside the working directories, when git runs in
    /// another directory after it, and in a compound when Read deny rules exist (what follows cannot be checked against them).
    /// </summary>
    private Verdict? ChangeOfDirectory(IReadOnlyList<ShellCommand> commands)
    {
        var directory = _context.Cwd;
        for (var i = 0; i < commands.Count; i++)
        {
            var words = commands[i].Words;
            if (words.Count == 0 || words[0] != "cd")
            {
                continue;
            }

            var target = words.Count > 1 ? words[1] : "~";
            directory = target == "~" || target.StartsWith("~/", StringComparison.Ordinal) || target.StartsWith('/') ? Resolve(target) : Resolve(directory + "/" + target);
            // A directory a Read allow rule covers is as good as a working directory for cd.
            if (!InsideWorkingDirectories(directory) && PathRuleFor(PermissionList.Allow, directory + "/.ccaudit-probe", "Read") is null)
            {
                return Ask($"cd {target} leaves the working directories");
            }

            if (directory != _context.Cwd && commands.Skip(i + 1).Any(c => c.Words.Count > 0 && c.Words[0] == "git"))
            {
                return Ask("git after cd into another directory asks");
            }

            // Before or after the cd, a write could land somewhere its path check did not see: acceptEdits and allow rules do not cover it.
            if (directory != _context.Cwd && commands.Any(Writes))
            {
                return Ask("a compound command that changes directory and writes files asks");
            }

            // Only commands the engine would pass as reads depend on where they run; one an allow rule names does not.
            if (commands.Count > 1 && _rules.Any(r => r.Entry.List == PermissionList.Deny && r.Text.Tool == "Read")
                && commands.Any(c => c.Words.Count > 0 && c.Words[0] != "cd" && (ReadOnlyCommands.Contains(c.Words[0]) || FileReadingCommands.Contains(c.Words[0]))))
            {
                return Ask("after cd, the commands that follow cannot be checked against the Read deny rules");
            }
        }

        return null;
    }

    private Verdict Subcommand(ShellCommand command)
    {
        var words = command.Words.ToList();
        var unsafeAssignment = false;
        while (words.Count > 0 && Assignment().Match(words[0]) is { Success: true } assignment)
        {
            unsafeAssignment |= !SafeEnvironment.Contains(assignment.Groups[1].Value);
            words.RemoveAt(0);
        }

        var viaXargs = words.Contains("xargs");

        // The read-only set is judged on the command as written, timeout aside: `nohup ls` or `time cat` is not read-only.
        // Rules match the command as written too (`Bash(timeout *)` catches `timeout 5 ls`), not only what the wrappers run.
        var originalText = string.Join(' ', words);
        var asWritten = words.ToList();
        StripWrappers(asWritten, onlyTimeout: true);
        StripWrappers(words);
        var text = string.Join(' ', words);
        var writtenText = string.Join(' ', asWritten);
        var program = words.Count > 0 ? words[0] : string.Empty;

        // Deny and ask rules see through every assignment and through exec wrappers, env and sudo; allow rules only through the safe assignments.
        var inner = InnerOfExecWrapper(words) ?? InnerOfRunAs(words);
        // Behind xargs the command gets more arguments from stdin: an exact rule no longer describes it, a prefix rule still does.
        var bare = WithoutPath(text);
        if ((BashRule(PermissionList.Deny, text, wildcardOnly: viaXargs) ?? BashRule(PermissionList.Deny, writtenText) ?? BashRule(PermissionList.Deny, originalText) ?? BashRule(PermissionList.Deny, command.Raw)
            ?? (bare is null ? null : BashRule(PermissionList.Deny, bare)) ?? (inner is null ? null : BashRule(PermissionList.Deny, inner))) is { } denyRule)
        {
            return new Verdict(PermissionDecisionKind.Deny, denyRule, $"deny rule matches '{text}'");
        }

        // The files a command writes (or moves away) meet the path-scoped deny rules in every mode, over any Bash rule.
        foreach (var (path, tool) in OperandAccess(program, words))
        {
            if (PathRuleFor(PermissionList.Deny, path, tool) is { } operandDeny)
            {
                return new Verdict(PermissionDecisionKind.Deny, operandDeny, $"{program} {(tool == "Edit" ? "writes" : "reads")} {path}, which the {tool} deny rule {operandDeny.Rule} covers");
            }
        }

        // A redirection is checked as a path: path-scoped Edit rules apply to it, rules naming the whole tool do not.
        foreach (var target in command.WriteTargets)
        {
            if (WriteFile(null, Resolve(target)) is { Kind: PermissionDecisionKind.Deny } written)
            {
                return written with { Reason = $"the command writes to {target}: {written.Reason}" };
            }
        }

        if ((BashRule(PermissionList.Ask, text, wildcardOnly: viaXargs) ?? BashRule(PermissionList.Ask, writtenText) ?? BashRule(PermissionList.Ask, originalText) ?? BashRule(PermissionList.Ask, command.Raw)
            ?? (bare is null ? null : BashRule(PermissionList.Ask, bare)) ?? (inner is null ? null : BashRule(PermissionList.Ask, inner))) is { } askRule)
        {
            return new Verdict(PermissionDecisionKind.Ask, askRule, $"ask rule matches '{text}'", FromAskRule: true);
        }

        if (FileReadingCommands.Contains(program))
        {
            foreach (var path in words.Skip(1).Where(w => !w.StartsWith('-') && w.Length > 0).Select(Resolve))
            {
                // Listing or searching a directory reads what is in it: a rule on its contents covers it.
                if ((PathRuleFor(PermissionList.Deny, path, "Read") ?? PathRuleFor(PermissionList.Deny, path + "/.ccaudit-probe/.ccaudit-probe", "Read")) is { } readDeny)
                {
                    return new Verdict(PermissionDecisionKind.Deny, readDeny, $"{program} reads {path}, which the Read deny rule {readDeny.Rule} covers");
                }
            }
        }

        var critical = IsCriticalRemoval(program, words);
        if (command.WriteTargets.FirstOrDefault(t => WriteFile(null, Resolve(t)).Kind != PermissionDecisionKind.Allow) is { } unapproved)
        {
            return Ask($"the command writes to {unapproved}");
        }

        // The files a file-system command writes meet the protected paths as the Edit tool does: no allow rule or mode covers them.
        if (OperandAccess(program, words).FirstOrDefault(a => a.Tool == "Edit" && IsProtected(a.Path)).Path is { } guarded)
        {
            return Ask($"{program} writes {guarded}, a protected path: writes always ask", critical);
        }

        if (command.HasSubstitution)
        {
            return Ask("a nested command ($(...), backticks or <(...)) can't be checked before it runs", critical);
        }

        // An exact rule written as the command is typed (quotes, escapes, its own assignments and $vars) allows exactly that text.
        if (!critical && command.Raw != command.Text && ExactAllow(command.Raw) is { } typedRule)
        {
            return new Verdict(PermissionDecisionKind.Allow, typedRule, $"exact allow rule matches '{command.Raw}' as typed");
        }

        if (!unsafeAssignment && !ExecWrappers.Contains(program) && !(program == "find" && words.Any(w => w is "-exec" or "-execdir" or "-delete" or "-ok")))
        {
            if ((BashRule(PermissionList.Allow, text) ?? BashRule(PermissionList.Allow, originalText) ?? BashRule(PermissionList.Allow, command.Raw)) is { } allowRule && !critical)
            {
                if (command.HasVariable)
                {
                    return Ask("a variable in this command can't be checked before it runs");
                }

                // A prefix rule does not lift the path check of a file-reading command, nor of cp and mv: outside still asks.
                if ((FileReadingCommands.Contains(program) || program is "cp" or "mv")
                    && PathArguments(words).FirstOrDefault(p => !InsideWorkingDirectories(p)) is { } outsidePath
                    && !BashMayRead(outsidePath))
                {
                    return Ask($"{program} reads {outsidePath}, outside the working directories");
                }

                return new Verdict(PermissionDecisionKind.Allow, allowRule, $"allow rule matches '{text}'");
            }
        }

        if (critical)
        {
            return Ask("removal of a critical path always asks", critical: true);
        }

        if (!unsafeAssignment && !command.HasVariable && asWritten.Count > 0 && IsReadOnly(asWritten[0], asWritten))
        {
            // Only commands that open their arguments are path-checked: echo, realpath, test or git may name any path.
            var outside = !FileReadingCommands.Contains(asWritten[0]) ? null : PathArguments(asWritten).FirstOrDefault(p => !InsideWorkingDirectories(p));
            if (outside is null)
            {
                return new Verdict(PermissionDecisionKind.Allow, null, "read-only command inside the working directories");
            }

            return BashMayRead(outside)
                ? new Verdict(PermissionDecisionKind.Allow, PathRuleFor(PermissionList.Allow, outside, "Read"), $"read-only command reads {outside}, which a Read rule allows")
                : Ask($"read-only command reads {outside}, outside the working directories");
        }

        // Arguments from xargs come from stdin, and an assignment outside the safe list can change what runs: acceptEdits
        // cannot vouch for either.
        // sed needs a file to be a file-system command at all; rm, mkdir and friends without one do nothing.
        // An option to cp or mv (-t, -f, -r…) can change what is written where: acceptEdits does not vouch for it.
        if (Mode == "acceptEdits" && !viaXargs && !unsafeAssignment && FileSystemCommands.Contains(program) && !(program is "cp" or "mv" && words.Skip(1).Any(w => w.StartsWith('-')))
            && PathArguments(words, includeRelative: true).ToList() is var paths
            && paths.All(InsideWorkingDirectories) && (program != "sed" || paths.Count > 0))
        {
            return new Verdict(PermissionDecisionKind.Allow, null, "acceptEdits allows file-system commands inside the working directories");
        }

        return Ask(command.HasVariable ? "a variable in this command can't be checked before it runs" : $"no rule allows '{text}'");
    }

    /// <summary>The command with its program named without a directory or <c>.exe</c> (<c>/usr/bin/git</c> → <c>git</c>), or null if it had neither.</summary>
    private static string? WithoutPath(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var program = space < 0 ? text : text[..space];
        var slash = program.LastIndexOfAny(['/', '\\']);
        var name = slash >= 0 ? program[(slash + 1)..] : program;
        name = name.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;
        return name.Length == 0 || name == program ? null : name + (space < 0 ? string.Empty : text[space..]);
    }

    private static bool Writes(ShellCommand command) =>
        command.WriteTargets.Count > 0
        || (command.Words.Count > 0 && FileSystemCommands.Contains(command.Words[0]) && !(command.Words[0] == "sed" && IsReadOnly("sed", [.. command.Words])));

    /// <summary>The command an exec wrapper (watch, setsid, ionice, flock) runs, or null.</summary>
    private static string? InnerOfExecWrapper(List<string> words)
    {
        if (words.Count < 2 || !ExecWrappers.Contains(words[0]))
        {
            return null;
        }

        var i = 1;
        while (i < words.Count && words[i].StartsWith('-'))
        {
            // Options of these wrappers that take a value (watch -n 2, ionice -c 3, flock -w 5).
            i += words[i] is "-n" or "-d" or "-c" or "-w" or "-E" or "--interval" ? 2 : 1;
        }

        if (words[0] == "flock" && i < words.Count)
        {
            i++;
        }

        return i < words.Count ? string.Join(' ', words.Skip(i)) : null;
    }

    /// <summary>The command <c>env</c> or <c>sudo</c> runs (their options and assignments skipped), or null.</summary>
    private static string? InnerOfRunAs(List<string> words)
    {
        if (words.Count < 2 || words[0] is not ("env" or "sudo"))
        {
            return null;
        }

        var i = 1;
        while (i < words.Count && (words[i].StartsWith('-') || (words[0] == "env" && words[i].Contains('=', StringComparison.Ordinal))))
        {
            // Options of sudo and env that take a value (sudo -u root, env -u NAME).
            i += words[i] is "-u" or "-g" or "-C" or "-h" or "-p" or "-U" or "-S" or "--user" or "--group" or "--unset" or "--chdir" ? 2 : 1;
        }

        return i < words.Count ? string.Join(' ', words.Skip(i)) : null;
    }

    private static void StripWrappers(List<string> words, bool onlyTimeout = false)
    {
        while (words.Count > 0)
        {
            if (onlyTimeout && words[0] != "timeout")
            {
                return;
            }

            switch (words[0])
            {
                case "timeout":
                    words.RemoveAt(0);
                    while (words.Count > 0 && words[0].StartsWith('-'))
                    {
                        var option = words[0];
                        words.RemoveAt(0);
                        if (option is "-s" or "-k" or "--signal" or "--kill-after" && words.Count > 0)
                        {
                            words.RemoveAt(0);
                        }
                    }

                    if (words.Count > 0)
                    {
                        words.RemoveAt(0);
                    }

                    break;
                case "nice":
                    words.RemoveAt(0);
                    if (words.Count > 1 && words[0] == "-n")
                    {
                        words.RemoveRange(0, 2);
                    }
                    else if (words.Count > 0 && Regex.IsMatch(words[0], "^-[0-9]+$", RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        words.RemoveAt(0);
                    }

                    break;
                case "stdbuf" or "time" or "nohup" or "command" or "builtin" or "noglob":
                    words.RemoveAt(0);
                    while (words.Count > 0 && words[0].StartsWith('-'))
                    {
                        words.RemoveAt(0);
                    }

                    break;
                case "xargs" when words.Count > 1 && !words[1].StartsWith('-'):
                    words.RemoveAt(0);
                    break;
                default:
                    return;
            }
        }
    }

    private PermissionRuleEntry? ExactAllow(string text)
    {
        foreach (var rule in _bash[(int)PermissionList.Allow])
        {
            if (!rule.Wildcard && rule.Typed.Matches(text))
            {
                return rule.Entry;
            }
        }

        return null;
    }

    private PermissionRuleEntry? BashRule(PermissionList list, string text, bool wildcardOnly = false)
    {
        foreach (var rule in _bash[(int)list])
        {
            if ((!wildcardOnly || rule.Wildcard) && (rule.KeywordBody is null || rule.KeywordBody == text) && rule.Glob.Matches(text))
            {
                return rule.Entry;
            }
        }

        return null;
    }

    /// <summary>
    /// An allow rule the whole command line is, as typed: an exact rule equal to it, or a prefix rule whose prefix is all of it
    /// (rule escapes resolved). Checked before any parsing, so `done` or a compound written out in a rule is allowed as is.
    /// </summary>
    private PermissionRuleEntry? WholeCommandAllow(string line)
    {
        var rules = _bash[(int)PermissionList.Allow];
        for (var i = 0; i < rules.Length; i++)
        {
            var keywordPrefix = rules[i].Wildcard && rules[i].KeywordBody == "\u0000";
            if (_allowBodies[i] is { } body && ((body == line && !keywordPrefix) || (!rules[i].Wildcard && rules[i].Typed.Matches(line))))
            {
                return rules[i].Entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a read-only Bash command may open a path outside the working directories without asking: only a Read
    /// rule naming the path vouches for it (a bare Read allow or an Edit rule does not), or a mode that reads anywhere.
    /// </summary>
    private bool BashMayRead(string path) => Mode is "plan" or "auto" || PathRuleFor(PermissionList.Allow, path, "Read") is not null;

    /// <summary>Whether a Bash rule specifier matches a command: <c>*</c> is any text; a trailing <c> *</c> also matches nothing.</summary>
    public static bool BashPatternMatches(string? pattern, string text) => BashGlob.Compile(pattern).Matches(text);

    private static bool IsReadOnly(string program, List<string> words)
    {
        if (ReadOnlyCommandLines.Contains(string.Join(' ', words)))
        {
            return true;
        }

        if (!ReadOnlyCommands.Contains(program))
        {
            return false;
        }

        return program switch
        {
            "git" => words.Skip(1).FirstOrDefault(w => !w.StartsWith('-')) is { } sub && ReadOnlyGit.Contains(sub) && !words.Contains("-C")
                && !words.Any(w => w is "-d" or "-D" or "--delete" or "-m" or "--set-url" or "add" or "rm")
                && GitFormReadsOnly(sub, [.. words.SkipWhile(w => w != sub).Skip(1)]),
            "find" => !words.Any(w => w is "-exec" or "-execdir" or "-delete" or "-ok" or "-fprint" or "-fprintf" or "-fls"),
            "sort" => !words.Any(w => w == "-o" || w.StartsWith("--output", StringComparison.Ordinal)),
            "sed" => words.Skip(1).Any(w => !w.StartsWith('-')) && words.Any(w => w is "-n" or "--quiet" or "--silent") && !words.Any(w => w.StartsWith("-i", StringComparison.Ordinal) || w.StartsWith("--in-place", StringComparison.Ordinal)) && !words.Skip(1).Any(w => w.Contains("w ", StringComparison.Ordinal) || w.EndsWith('w')),
            "file" => !words.Any(w => w is "-m" or "-f"),
            "docker" => words.Count > 1 && ReadOnlyDocker.Contains(words[1]),
            "xargs" => words.Count == 1 || (words[1] is var target && !target.StartsWith('-') && XargsTargets.Contains(target)),
            _ => true,
        };
    }

    /// <summary>
    /// Whether a <c>git remote</c> or <c>git config</c> call is read-only to the binary, which is narrower than "only reads":
    /// <c>git remote</c> only without an action (<c>-v</c> is fine; <c>show</c>, <c>get-url</c>, <c>set-url</c>, <c>add</c> ask),
    /// <c>git config</c> only as <c>--get KEY</c> (a bare key, <c>--list</c>, <c>--get-all</c>, setting a key all ask).
    /// </summary>
    private static bool GitFormReadsOnly(string sub, List<string> rest) => sub switch
    {
        "remote" => !rest.Any(w => !w.StartsWith('-')),
        "config" => rest.Contains("--get") && !rest.Any(w => GitConfigWrites.Contains(w.Split('=')[0]))
            && rest.Count(w => !w.StartsWith('-')) <= 1,
        _ => true,
    };

    /// <summary>
    /// The operands of a file-system command with the tool whose deny rules govern them: what rm, rmdir, touch, mkdir and a
    /// writing sed name is written, as is every operand of mv and the sources of a recursive cp; the sources of cp and mv
    /// are also read. (A plain cp of a directory is Edit-checked by the binary too; without the file system that is unknowable.)
    /// </summary>
    private IEnumerable<(string Path, string Tool)> OperandAccess(string program, List<string> words)
    {
        if (!FileSystemCommands.Contains(program) || (program == "sed" && IsReadOnly(program, words)))
        {
            yield break;
        }

        var operands = words.Skip(1).Where(w => w.Length > 0 && !w.StartsWith('-')).ToList();
        if (program == "sed" && !words.Any(w => w is "-e" or "-f" || w.StartsWith("--expression", StringComparison.Ordinal) || w.StartsWith("--file", StringComparison.Ordinal)))
        {
            // Without -e or -f the first operand is the script, not a file.
            operands = [.. operands.Skip(1)];
        }

        var recursive = words.Any(w => w is "--recursive" or "--archive" || (w.Length > 1 && w[0] == '-' && w[1] != '-' && w.IndexOfAny(['r', 'R', 'a']) > 0));
        for (var i = 0; i < operands.Count; i++)
        {
            var path = Resolve(operands[i]);
            var source = program is "cp" or "mv" && i < operands.Count - 1;
            if (program != "cp" || !source || recursive)
            {
                yield return (path, "Edit");
            }

            if (source)
            {
                yield return (path, "Read");
            }
        }
    }

    private IEnumerable<string> PathArguments(List<string> words, bool includeRelative = false) =>
        words.Skip(1).Where(w => !w.StartsWith('-') && (w.StartsWith('/') || w.StartsWith('~') || (includeRelative && w.Length > 0))).Select(Resolve);

    private bool IsCriticalRemoval(string program, List<string> words)
    {
        if (program is not ("rm" or "rmdir"))
        {
            return false;
        }

        foreach (var argument in words.Skip(1).Where(w => !w.StartsWith('-')))
        {
            if (argument is "/" or "/*" or "~" or "~/" or "~/*" or "." or "./" or "*" || argument.StartsWith("$HOME", StringComparison.Ordinal) || argument.StartsWith("${HOME}", StringComparison.Ordinal))
            {
                return true;
            }

            var path = Resolve(argument.EndsWith("/*", StringComparison.Ordinal) ? argument[..^2] : argument).TrimEnd('/');
            if (path.Length == 0 || path == _context.Home.TrimEnd('/') || (path.Count(c => c == '/') == 1 && !argument.Contains('*', StringComparison.Ordinal))
                || _workingDirectories.Any(d => d == path || d.StartsWith(path + "/", StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    private Verdict ReadFile(string path)
    {
        if (PathRuleFor(PermissionList.Deny, path, "Read") is { } deny)
        {
            return new Verdict(PermissionDecisionKind.Deny, deny, $"deny rule covers {path}");
        }

        if (ToolWideRule(PermissionList.Deny, "Read") is { } readWide)
        {
            return new Verdict(PermissionDecisionKind.Deny, readWide, "the Read tool is denied");
        }

        if ((PathRuleFor(PermissionList.Ask, path, "Read") ?? ToolWideRule(PermissionList.Ask, "Read")) is { } ask)
        {
            return new Verdict(PermissionDecisionKind.Ask, ask, $"ask rule covers {path}", FromAskRule: true);
        }

        if ((PathRuleFor(PermissionList.Allow, path, "Read", "Edit") ?? ToolWideRule(PermissionList.Allow, "Read")) is { } allow)
        {
            return new Verdict(PermissionDecisionKind.Allow, allow, $"allow rule covers {path}");
        }

        if (InsideWorkingDirectories(path) || Mode is "plan" or "auto")
        {
            return new Verdict(PermissionDecisionKind.Allow, null, "reads inside the working directories need no prompt");
        }

        return _blockReads
            ? new Verdict(PermissionDecisionKind.Deny, null, $"{path} is outside the working directories, and blockReadsOutsideWorkingDirectories refuses it")
            : Ask($"{path} is outside the working directories");
    }

    /// <param name="tool">The editing tool, or null for a file a shell command writes: only path-scoped rules reach that.</param>
    /// <param name="path">The absolute path written.</param>
    private Verdict WriteFile(string? tool, string path)
    {
        // A Read deny also blocks an editing tool from the path (not a shell redirection); Edit rules govern every editing tool.
        if ((tool is null ? PathRuleFor(PermissionList.Deny, path, "Edit") : PathRuleFor(PermissionList.Deny, path, "Edit", "Read")) is { } deny)
        {
            return new Verdict(PermissionDecisionKind.Deny, deny, $"deny rule covers {path}");
        }

        if (tool is not null && (ToolWideRule(PermissionList.Deny, tool) ?? ToolWideRule(PermissionList.Deny, "Read")) is { } toolWide)
        {
            return new Verdict(PermissionDecisionKind.Deny, toolWide, $"the {tool} tool is denied");
        }

        if ((PathRuleFor(PermissionList.Ask, path, "Edit") ?? (tool is null ? null : ToolWideRule(PermissionList.Ask, tool))) is { } ask)
        {
            return new Verdict(PermissionDecisionKind.Ask, ask, $"ask rule covers {path}", FromAskRule: true);
        }

        if (IsProtected(path))
        {
            return Ask($"{path} is a protected path: writes always ask");
        }

        // A path-scoped Edit allow covers every editing tool; a bare allow covers only the tool it names (a bare Edit does not cover Write).
        var allow = PathRuleFor(PermissionList.Allow, path, "Edit")
            ?? (tool is null ? null : ToolWideRule(PermissionList.Allow, tool));
        if (allow is not null)
        {
            return new Verdict(PermissionDecisionKind.Allow, allow, $"allow rule covers {path}");
        }

        if (Mode == "acceptEdits" && InsideWorkingDirectories(path))
        {
            return new Verdict(PermissionDecisionKind.Allow, null, "acceptEdits allows edits inside the working directories");
        }

        if (_blockWrites && tool is not null && !InsideWorkingDirectories(path))
        {
            return new Verdict(PermissionDecisionKind.Deny, null, $"{path} is outside the working directories, and blockWritesOutsideWorkingDirectories refuses it");
        }

        return Ask(InsideWorkingDirectories(path) ? $"writing {path} asks" : $"{path} is outside the working directories");
    }

    private Verdict WebFetch(string url)
    {
        var host = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host.TrimEnd('.').ToLowerInvariant() : string.Empty;
        foreach (var list in new[] { PermissionList.Deny, PermissionList.Ask, PermissionList.Allow })
        {
            var rule = _rules.FirstOrDefault(r => r.Entry.List == list && r.Text.Tool == "WebFetch" && (r.Text.Specifier is null or "domain:*" || DomainMatches(r.Text.Specifier, host))).Entry;
            if (rule is not null)
            {
                return new Verdict(Kind(list), rule, $"{list.ToString().ToLowerInvariant()} rule matches {host}", FromAskRule: list == PermissionList.Ask);
            }
        }

        var target = uri is null ? string.Empty : host + uri.AbsolutePath;
        if (PreapprovedWebFetch.Any(p => p.Contains('/', StringComparison.Ordinal) ? target.StartsWith(p, StringComparison.Ordinal) : host == p))
        {
            return new Verdict(PermissionDecisionKind.Allow, null, $"{host} is on Claude Code's built-in WebFetch allowlist");
        }

        return Ask("WebFetch asks for domains no rule allows");
    }

    private static bool DomainMatches(string specifier, string host)
    {
        if (!specifier.StartsWith("domain:", StringComparison.Ordinal))
        {
            return false;
        }

        var domain = specifier[7..].TrimEnd('.').ToLowerInvariant();
        if (domain.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.EndsWith(domain[1..], StringComparison.Ordinal);
        }

        return Wildcard.MatchesWithin(domain, host, '.');
    }

    /// <summary>A Skill call: rules naming the skill (<c>Skill(simplify)</c>, or the prefix form <c>Skill(simp:*)</c>) and the bare <c>Skill</c>, deny over ask over allow.</summary>
    private Verdict Skill(string skill)
    {
        foreach (var list in new[] { PermissionList.Deny, PermissionList.Ask, PermissionList.Allow })
        {
            var rule = _rules.FirstOrDefault(r => r.Entry.List == list && r.Text.Tool == "Skill" && r.Text.Specifier is { } spec
                && (spec == skill || (spec.EndsWith(":*", StringComparison.Ordinal) && skill.StartsWith(spec[..^2], StringComparison.Ordinal)))).Entry
                ?? _rules.FirstOrDefault(r => r.Entry.List == list && r.Text.Specifier is null && r.Text.Tool == "Skill").Entry;
            if (rule is not null)
            {
                return new Verdict(Kind(list), rule, $"{list.ToString().ToLowerInvariant()} rule {rule.Rule} covers the skill {skill}", FromAskRule: list == PermissionList.Ask);
            }
        }

        return Generic("Skill");
    }

    private Verdict Generic(string tool)
    {
        foreach (var list in new[] { PermissionList.Deny, PermissionList.Ask, PermissionList.Allow })
        {
            var rule = _rules.FirstOrDefault(r => r.Entry.List == list && r.Text.Specifier is null && (ToolMatches(r.Text.Tool, tool) || McpGlobMatches(r.Text.Tool, tool, list))).Entry;
            if (rule is not null)
            {
                return new Verdict(Kind(list), rule, $"{list.ToString().ToLowerInvariant()} rule names {tool}", FromAskRule: list == PermissionList.Ask);
            }
        }

        return tool is "Agent" or "Task" or "Skill" or "TodoWrite" or "ExitPlanMode" or "ToolSearch"
            ? new Verdict(PermissionDecisionKind.Allow, null, $"{tool} runs without a prompt by default")
            : Ask($"{tool} asks by default");
    }

    /// <summary>
    /// An MCP rule with a glob: deny and ask rules may put <c>*</c> anywhere (<c>mcp__*</c>, <c>mcp__*__delete_*</c>); an
    /// allow rule only in the tool after a literal <c>mcp__server__</c> (the binary skips <c>mcp__*</c> and <c>mcp__git*</c> allows).
    /// </summary>
    private static bool McpGlobMatches(string ruleTool, string tool, PermissionList list)
    {
        if (!ruleTool.StartsWith("mcp__", StringComparison.Ordinal) || !tool.StartsWith("mcp__", StringComparison.Ordinal) || !ruleTool.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        if (list == PermissionList.Allow && (ruleTool.IndexOf("__", 5, StringComparison.Ordinal) is var end && (end < 0 || ruleTool[5..end].Contains('*', StringComparison.Ordinal))))
        {
            return false;
        }

        return BashGlob.Compile(ruleTool).Matches(tool);
    }

    private static bool ToolMatches(string ruleTool, string tool)
    {
        if (PermissionRuleText.CanonicalTool(ruleTool) == PermissionRuleText.CanonicalTool(tool))
        {
            return true;
        }

        if (!ruleTool.StartsWith("mcp__", StringComparison.Ordinal) || !tool.StartsWith("mcp__", StringComparison.Ordinal))
        {
            return false;
        }

        // mcp__server covers every tool of the server; mcp__server__* likewise; mcp__* alone is not a wildcard.
        var server = ruleTool.EndsWith("__*", StringComparison.Ordinal) ? ruleTool[..^3] : ruleTool;
        return server.Length > 5 && !server[5..].Contains("__", StringComparison.Ordinal) && !server.Contains('*', StringComparison.Ordinal) && tool.StartsWith(server + "__", StringComparison.Ordinal);
    }

    private PermissionRuleEntry? PathRuleFor(PermissionList list, string path, params string[] tools)
    {
        foreach (var rule in _paths[(int)list])
        {
            if (Array.IndexOf(tools, rule.Tool) >= 0 && rule.Rule.IsMatch(path))
            {
                return rule.Entry;
            }
        }

        return null;
    }

    /// <summary>A rule naming the whole tool (no specifier), such as a bare <c>Read</c> ask.</summary>
    private PermissionRuleEntry? ToolWideRule(PermissionList list, string tool) =>
        _rules.FirstOrDefault(r => r.Entry.List == list && r.Text.Specifier is null && r.Text.Tool == tool).Entry;

    private bool InsideWorkingDirectories(string path) =>
        _workingDirectories.Any(d => path == d || path.StartsWith(d + "/", StringComparison.Ordinal));

    private static bool IsProtected(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            return false;
        }

        if (ProtectedFiles.Contains(parts[^1]) || ProtectedFiles.Contains(parts[^1].ToLowerInvariant()))
        {
            return true;
        }

        // The file system may ignore case: .Claude/ is .claude/ to the binary.
        var joined = ("/" + string.Join('/', parts[..^1]) + "/").ToLowerInvariant();
        return ProtectedDirectories.Any(d => joined.Contains("/" + d + "/", StringComparison.Ordinal)) && !joined.Contains("/.claude/worktrees/", StringComparison.Ordinal);
    }

    private string Resolve(string path)
    {
        // A NUL cannot be in a real path; such input is judged as the literal text it is.
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return path;
        }

        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = _context.Home + path[1..];
        }

        var full = path.StartsWith('/') ? path : Path.Combine(_context.Cwd, path);
        return Path.GetFullPath(full).TrimEnd('/') is { Length: > 0 } p ? p : "/";
    }

    private static string? StringOf(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static PermissionDecisionKind Kind(PermissionList list) => list switch
    {
        PermissionList.Deny => PermissionDecisionKind.Deny,
        PermissionList.Ask => PermissionDecisionKind.Ask,
        _ => PermissionDecisionKind.Allow,
    };

    private static Verdict Ask(string reason, bool critical = false) => new(PermissionDecisionKind.Ask, null, reason, Critical: critical);

    /// <summary>The decision for the public API: the deciding rule carries its own entry (tier, file, list, place).</summary>
    private static PermissionDecision ToDecision(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var entry = verdict.Entry;
        return new PermissionDecision(verdict.Kind, entry?.Rule, entry?.Source.ShortName(), entry?.Location, verdict.Reason);
    }

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)=", RegexOptions.None, 1000)]
    private static partial Regex Assignment();

    /// <summary>An intermediate decision with what the mode logic needs to know about it.</summary>
    private sealed record Verdict(PermissionDecisionKind Kind, PermissionRuleEntry? Entry, string Reason, bool FromAskRule = false, bool Critical = false)
    {
        public string? Rule => Entry?.Rule;
    }
}
