using System.Globalization;

namespace CcAudit.Core.Reach;

/// <summary>Words the verdict of one launch and what to do about it.</summary>
internal static class ReachAdvice
{
    private static readonly (string Prefix, string Rule)[] HomeDirectoryRules =
    [
        (".ssh/", "Read(~/.ssh/**)"), (".aws/", "Read(~/.aws/**)"), (".kube/", "Read(~/.kube/**)"), (".docker/", "Read(~/.docker/**)"),
        (".config/gcloud/", "Read(~/.config/gcloud/**)"), (".config/gh/", "Read(~/.config/gh/**)"), (".azure/", "Read(~/.azure/**)"),
    ];

    public static (string Verdict, IReadOnlyList<string> DenyRules, IReadOnlyList<string> Remediation) For(
        string launch, string? home, IReadOnlyList<SensitiveFile> files, IReadOnlyList<WorkingDirectorySize> sizes, IReadOnlyList<string> workingDirectories, bool sandboxOn)
    {
        var exposed = files.Where(f => f.Read.Decision != ReadDecision.Deny).ToList();
        var allowed = exposed.Where(f => f.Read.Decision == ReadDecision.Allow).ToList();
        var asked = exposed.Where(f => f.Read.Decision == ReadDecision.Ask).ToList();
        var denied = files.Count - exposed.Count;

        var verdict = string.Create(CultureInfo.InvariantCulture, $"from {launch} Claude Code can read {Count(allowed.Sum(f => f.Secrets.Count), "secret")} in {Count(allowed.Count(f => f.Secrets.Count > 0), "file")} without asking");
        var allowedKindOnly = allowed.Count(f => f.Secrets.Count == 0);
        if (allowedKindOnly > 0)
        {
            verdict += string.Create(CultureInfo.InvariantCulture, $", plus {Count(allowedKindOnly, "other sensitive file")}");
        }

        verdict += asked.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {Count(asked.Count, "more file")} ({Count(asked.Sum(f => f.Secrets.Count), "secret")}) one prompt away with no deny rule covering them")
            : "; nothing else is one prompt away";
        if (denied > 0)
        {
            verdict += string.Create(CultureInfo.InvariantCulture, $"; deny rules cover {Count(denied, "file")}");
        }

        var shellBlocked = exposed.Count(f => f.BashCat.Decision == ReadDecision.Deny);
        verdict += !sandboxOn ? "; sandbox off"
            : shellBlocked > 0 ? string.Create(CultureInfo.InvariantCulture, $"; sandbox on, its denyRead keeps shell commands from {Count(shellBlocked, "file")} of them")
            : "; sandbox on, but its denyRead covers none of them";

        var denyRules = exposed.Select(f => DenyRuleFor(f, workingDirectories, home)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var remediation = new List<string>();
        if (denyRules.Count > 0)
        {
            remediation.Add("add the deny rules below to permissions.deny in ~/.claude/settings.json (every project) or managed settings (every user); they also stop cat/head/tail/sed on those paths");
            remediation.Add(sandboxOn
                ? "add the same paths to sandbox.filesystem.denyRead: Read rules do not stop python, node or other programs run through Bash"
                : "enable the sandbox (sandbox.enabled) with the same paths in sandbox.filesystem.denyRead: Read rules do not stop python, node or other programs run through Bash");
        }

        var total = sizes.Count > 0 ? sizes[0] : null;
        if (IsBroadRoot(launch, home))
        {
            remediation.Add($"{launch} is {(launch == "/" ? "the filesystem root" : "the home directory")}: launch Claude Code from a project directory instead; everything below is a working directory");
        }
        else if (total is not null && (total.Files > ReachAnalyzer.OversizedFileCount || total.Bytes > ReachAnalyzer.OversizedBytes))
        {
            remediation.Add(string.Create(CultureInfo.InvariantCulture, $"{launch} holds {total.Files:N0} files ({total.Bytes / (1024 * 1024):N0} MiB): launch from the subdirectory you work on, not the monorepo root"));
        }

        var infraSecrets = exposed.Where(f => f.Kind is SensitiveKind.TerraformState or SensitiveKind.KubernetesSecret or SensitiveKind.TerraformVariables && !f.InHome).ToList();
        if (infraSecrets.Count > 0)
        {
            var dirs = infraSecrets.Select(f => Path.GetDirectoryName(f.Path)!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(5);
            remediation.Add($"deployment state and secrets live next to the code ({string.Join(", ", dirs)}): move them to a separate repository or a secrets manager");
        }

        return (verdict, denyRules, remediation);
    }

    public static bool IsBroadRoot(string launch, string? home) =>
        launch == "/" || (home is not null && string.Equals(launch, Path.TrimEndingDirectorySeparator(Path.GetFullPath(home)), StringComparison.Ordinal));

    /// <summary>The narrowest rule that still generalises: a pattern by kind where one exists, else the file itself.</summary>
    private static string DenyRuleFor(SensitiveFile file, IReadOnlyList<string> workingDirectories, string? home)
    {
        var name = Path.GetFileName(file.Path);
        switch (file.Kind)
        {
            case SensitiveKind.EnvFile:
                return name == ".env" ? "Read(**/.env)" : "Read(**/.env.*)";
            case SensitiveKind.TerraformState:
                return name.EndsWith(".backup", StringComparison.Ordinal) ? "Read(**/*.tfstate.backup)" : "Read(**/*.tfstate)";
            case SensitiveKind.TerraformVariables:
                return "Read(**/*.tfvars)";
            case SensitiveKind.PrivateKeyFile when Path.GetExtension(name) is { Length: > 0 } extension && !file.InHome:
                return $"Read(**/*{extension})";
        }

        if (home is not null && TreeWalker.IsUnder(file.Path, Path.TrimEndingDirectorySeparator(Path.GetFullPath(home))))
        {
            var relative = Path.GetRelativePath(home, file.Path).Replace('\\', '/');
            var directoryRule = HomeDirectoryRules.FirstOrDefault(r => relative.StartsWith(r.Prefix, StringComparison.Ordinal)).Rule;
            if (directoryRule is not null && !workingDirectories.Any(wd => TreeWalker.IsUnder(file.Path, wd) && wd != home))
            {
                return directoryRule;
            }
        }

        var inside = workingDirectories.FirstOrDefault(wd => TreeWalker.IsUnder(file.Path, wd));
        return inside is not null && inside == workingDirectories[0]
            ? $"Read(./{Escape(Path.GetRelativePath(inside, file.Path).Replace('\\', '/'))})"
            : $"Read(/{Escape(file.Path)})";
    }

    /// <summary>Gitignore metacharacters in a literal path must not act as patterns.</summary>
    private static string Escape(string path) =>
        path.Replace("[", "\\[", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("?", "\\?", StringComparison.Ordinal);

    private static string Count(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");
}
