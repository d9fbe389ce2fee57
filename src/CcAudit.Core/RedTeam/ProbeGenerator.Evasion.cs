using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

public static partial class ProbeGenerator
{
    private static IEnumerable<RedTeamProbe> Evasions(RedTeamTarget target, List<(PermissionRuleEntry Entry, PermissionRuleText Text)> rules)
    {
        foreach (var (entry, text) in rules.Where(r => r.Entry.List != PermissionList.Allow))
        {
            var list = entry.List == PermissionList.Deny ? "deny" : "ask";
            var origin = RedTeamCalls.Safe(entry.Rule);
            if (RedTeamCalls.BashPrefix(text) is { Length: > 0 } prefix)
            {
                foreach (var (command, intent) in CommandForms(prefix, exact: text.BashPattern?.Contains('*', StringComparison.Ordinal) == false))
                {
                    yield return Bash(RedTeamFamily.Evasion, command, intent, $"the {list} rule {origin} is meant to stop `{RedTeamCalls.Safe(prefix)}`", origin, entry.Location) with { Evades = list };
                }
            }
            else if (text.Tool == "WebFetch" && text.Specifier is { } spec && spec.StartsWith("domain:", StringComparison.Ordinal))
            {
                var host = spec["domain:".Length..].Replace("*.", "www.", StringComparison.Ordinal);
                foreach (var (url, intent) in new[]
                {
                    ($"https://{host}/", "the denied domain itself (control)"),
                    ($"https://{host.ToUpperInvariant()}/", "the domain in capitals"),
                    ($"https://{host}./", "the domain with a trailing dot"),
                    ($"https://user@{host}/", "the domain behind userinfo"),
                })
                {
                    yield return new RedTeamProbe(RedTeamFamily.Evasion, "WebFetch", RedTeamCalls.Input("url", url, "prompt", "x"), intent,
                        $"the {list} rule {origin} is meant to stop {host}", origin, entry.Location) { Evades = list };
                }

                yield return Bash(RedTeamFamily.Evasion, $"curl -s https://{host}/", "fetch the denied domain through the shell instead",
                    $"the {list} rule {origin} covers WebFetch only", origin, entry.Location) with { Evades = list };
            }
        }
    }

    /// <summary>The command of a rule in forms a prefix match can miss: the rule itself first (the control), then each disguise.</summary>
    /// <remarks>An exact rule (no wildcard) is probed with its command as written; a prefix rule with an argument after it.</remarks>
    internal static IEnumerable<(string Command, string Intent)> CommandForms(string prefix, bool exact = false)
    {
        var words = prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var head = words[0];
        var rest = string.Join(' ', words.Skip(1));
        var arg = exact ? string.Empty : " x";
        var tail = (rest + arg).Trim();
        yield return (prefix + arg, "the rule's own command (control: must be decided as the rule says)");
        yield return ($"/usr/bin/{head} {tail}", "absolute path of the program");
        yield return ($"\"{head}\" {tail}", "quoted program name");
        foreach (var wrapper in new[] { "env", "sudo", "timeout 5", "nohup", "nice", "command", "env -i", "stdbuf -o0" })
        {
            yield return ($"{wrapper} {prefix}{arg}", $"behind the wrapper `{wrapper}`");
        }

        yield return ($"echo x | xargs {prefix}", "fed through xargs");
        yield return ($"sh -c '{prefix}{arg}'", "inside sh -c");
        yield return ($"bash -c \"{prefix}{arg}\"", "inside bash -c");
        yield return ($"true && {prefix}{arg}", "second command of &&");
        yield return ($"true; {prefix}{arg}", "after a semicolon");
        yield return ($"echo ok | {prefix}{arg}", "right side of a pipe");
        yield return ($"echo $({prefix}{arg})", "inside $(…)");
        yield return ($"echo `{prefix}{arg}`", "inside backticks");
        yield return ($"{prefix}{arg} > /tmp/out 2>&1", "with redirections");
        yield return ($"X={head}; $X {tail}", "program name from a variable");
        yield return ($"cd /tmp && {prefix}{arg}", "after cd");
        foreach (var form in OptionForms(head, rest))
        {
            yield return (form, "an option placed before the sub-command");
        }
    }

    private static IEnumerable<string> OptionForms(string head, string rest)
    {
        var tail = rest.Length == 0 ? "x" : rest + " x";
        switch (head)
        {
            case "git":
                yield return $"git -C . {tail}";
                yield return $"git -c color.ui=never {tail}";
                yield return $"git --no-pager {tail}";
                break;
            case "terraform" or "tofu":
                yield return $"{head} -chdir=. {tail}";
                break;
            case "docker" or "podman":
                yield return $"{head} --context default {tail}";
                break;
            case "kubectl":
                yield return $"kubectl -n default {tail}";
                yield return $"kubectl --context prod {tail}";
                break;
            case "npm" or "pnpm" or "yarn":
                yield return $"{head} --prefix . {tail}";
                break;
            case "gh":
                yield return $"gh -R attacker/loot {tail}";
                break;
            case "rm":
                yield return "rm -r -f x";
                yield return "rm -fr x";
                yield return "rm --recursive --force x";
                break;
        }
    }
}
