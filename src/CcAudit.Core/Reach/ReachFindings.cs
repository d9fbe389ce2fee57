using System.Globalization;
using CcAudit.Core.Common;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reach;

/// <summary>What the reach rules read: one walked launch directory and the home whose credential stores were checked.</summary>
public sealed record ReachEvidence(LaunchReach Reach, string? Home);

/// <summary>The reach rules (CCA8xx): findings for one walked launch directory.</summary>
public sealed class ReachFindings : IAnalyzer<ReachEvidence>
{
    public const string SecretReadableWithoutAsking = "CCA801";
    public const string SecretBehindPrompt = "CCA802";
    public const string HomeCredentialStoreReachable = "CCA803";
    public const string InfrastructureFileReadable = "CCA804";
    public const string SymlinkOutOfWorkingDirectories = "CCA805";
    public const string BroadLaunchRoot = "CCA806";
    public const string LaunchVerdict = "CCA807";

    /// <summary>The reach rules' metadata, for the rule list, docs and SARIF (severities vary per finding; these are the highest).</summary>
    public static IReadOnlyList<RuleMetadata> Catalog { get; } =
    [
        new(SecretReadableWithoutAsking, "Secret readable without asking", Severity.High, AuditStep.Reach,
            "A file in a working directory holds a credential and the effective policy lets Claude Code read it without a prompt (git-ignored files included: Claude Code reads them too).",
            "Add the suggested Read(...) deny rules, move the secret out of the tree, or launch from a narrower directory."),
        new(SecretBehindPrompt, "Secret one prompt away", Severity.Medium, AuditStep.Reach,
            "Reading the file asks first, but no deny rule covers it: one approval (often given by habit) exposes it.",
            "Deny it explicitly with a Read(...) rule."),
        new(HomeCredentialStoreReachable, "Credential store in the home reachable", Severity.High, AuditStep.Reach,
            "~/.ssh, ~/.aws, ~/.kube/config, ~/.docker/config.json, .npmrc, .netrc and similar are readable by default outside the sandbox, or one prompt away, unless denied.",
            "Deny them in user or managed settings: Read(~/.ssh/**), Read(~/.aws/**), Read(~/.kube/**) …"),
        new(InfrastructureFileReadable, "Sensitive or deployment file readable", Severity.High, AuditStep.Reach,
            "Terraform state, Kubernetes Secrets, private keys, .env files, CI deploy workflows and Ansible inventories give an agent the keys to production.",
            "Deny them with Read(...) rules or keep them out of repositories Claude Code works in."),
        new(SymlinkOutOfWorkingDirectories, "Symbolic link out of the working directories", Severity.Medium, AuditStep.Reach,
            "A link inside the project that points elsewhere widens what file tools reach beyond the working directories.",
            "Remove the link or deny its target."),
        new(BroadLaunchRoot, "Launch from the home, the root or an oversized monorepo root", Severity.High, AuditStep.Reach,
            "Everything below the launch directory is readable without asking; launching from $HOME, / or a huge monorepo root makes that everything.",
            "Launch Claude Code from the project directory, or split sensitive code into its own repository."),
        new(LaunchVerdict, "Reach of a launch directory", Severity.Info, AuditStep.Reach,
            "A one-line verdict of what Claude Code can read from the launch directory, with the deny rules that would close it.",
            "Apply the suggested deny rules."),
    ];

    /// <summary>The one instance, registered in the analyzer registry and used by the reach walk.</summary>
    public static ReachFindings Instance { get; } = new();

    public IReadOnlyList<RuleMetadata> Rules => Catalog;

    public EvidenceKind Needs => EvidenceKind.Reach;

    public IEnumerable<Finding> Analyze(ReachEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        return For(evidence.Reach, evidence.Home);
    }

    private static RuleMetadata Rule(string id) => Catalog.First(r => r.Id == id);

    private static IEnumerable<Finding> For(LaunchReach reach, string? home)
    {
        yield return new Finding(Rule(LaunchVerdict), reach.Verdict, new SourceLocation(reach.LaunchDirectory), reach.LaunchDirectory,
            new Dictionary<string, string>
            {
                ["suggestedDenyRules"] = string.Join(" ", reach.SuggestedDenyRules),
                ["sandbox"] = reach.Sandbox?.ToString() ?? "off",
            });

        foreach (var file in reach.Files.Where(f => f.Read.Decision != ReadDecision.Deny))
        {
            if (File(file, reach.LaunchDirectory) is { } finding)
            {
                yield return finding;
            }
        }

        foreach (var escape in reach.Escapes)
        {
            yield return new Finding(Rule(SymlinkOutOfWorkingDirectories),
                $"{escape.LinkPath} points to {escape.Target}, outside every working directory of {reach.LaunchDirectory}; a tool following it reads there",
                new SourceLocation(escape.LinkPath), escape.Target, new Dictionary<string, string> { ["target"] = escape.Target, ["targetIsDirectory"] = escape.TargetIsDirectory ? "true" : "false" },
                escape.TargetIsDirectory ? Severity.Medium : Severity.Low)
            {
                Related = [new RelatedLocation(new SourceLocation(escape.Target), "the link's target")],
            };
        }

        if (reach.WorkingDirectories.Count > 0 && reach.WorkingDirectories[0] is { } root)
        {
            if (ReachAdvice.IsBroadRoot(reach.LaunchDirectory, home))
            {
                yield return new Finding(Rule(BroadLaunchRoot),
                    string.Create(CultureInfo.InvariantCulture, $"Claude Code launched from {reach.LaunchDirectory} can read all {root.Files:N0} files below it without asking"),
                    new SourceLocation(reach.LaunchDirectory), reach.LaunchDirectory, SizeEvidence(root), Severity.High);
            }
            else if (root.Files > ReachAnalyzer.OversizedFileCount || root.Bytes > ReachAnalyzer.OversizedBytes)
            {
                yield return new Finding(Rule(BroadLaunchRoot),
                    string.Create(CultureInfo.InvariantCulture, $"{reach.LaunchDirectory} holds {root.Files:N0} files ({root.Bytes:N0} bytes), all readable without asking"),
                    new SourceLocation(reach.LaunchDirectory), reach.LaunchDirectory, SizeEvidence(root), Severity.Medium);
            }
        }
    }

    private static Finding? File(SensitiveFile file, string launch)
    {
        var evidence = new Dictionary<string, string>
        {
            ["kind"] = file.Kind.ToString(),
            ["read"] = $"{file.Read.Decision}: {file.Read.Reason}",
            ["bashCat"] = $"{file.BashCat.Decision}: {file.BashCat.Reason}",
            ["git"] = file.Git.ToString(),
        };
        if (file.Secrets.Count > 0)
        {
            evidence["secrets"] = string.Join("; ", file.Secrets.Select(s => $"{s.Kind} line {s.Line.ToString(CultureInfo.InvariantCulture)} {s.Secret}"));
        }

        var location = new SourceLocation(file.Path, file.Secrets.Count > 0 ? file.Secrets[0].Line : 0);
        var allowed = file.Read.Decision == ReadDecision.Allow;
        var ignoredNote = file.Git == GitState.Ignored ? " (git-ignored, so no review sees it)" : string.Empty;
        var kinds = string.Join(", ", file.Secrets.Select(s => s.Kind.ToString()).Distinct(StringComparer.Ordinal));

        if (file.InHome)
        {
            return new Finding(Rule(HomeCredentialStoreReachable),
                $"from {launch} Claude Code {(allowed ? "reads" : "can ask to read")} {file.Path}{(file.Secrets.Count > 0 ? $" ({kinds})" : string.Empty)}; no deny rule covers it",
                location, file.Path, evidence, allowed ? Severity.High : Severity.Medium);
        }

        if (file.Secrets.Count > 0)
        {
            return allowed
                ? new Finding(Rule(SecretReadableWithoutAsking),
                    string.Create(CultureInfo.InvariantCulture, $"{file.Secrets.Count} secret(s) ({kinds}) in {file.Path}{ignoredNote}: Claude Code reads it without asking ({file.Read.Reason})"), location, file.Path, evidence)
                : new Finding(Rule(SecretBehindPrompt),
                    string.Create(CultureInfo.InvariantCulture, $"{file.Secrets.Count} secret(s) ({kinds}) in {file.Path}: reading asks first ({file.Read.Reason}), and no deny rule covers it"), location, file.Path, evidence);
        }

        var severity = file.Kind switch
        {
            SensitiveKind.TerraformState or SensitiveKind.KubernetesSecret or SensitiveKind.PrivateKeyFile or SensitiveKind.CredentialStore or SensitiveKind.EnvFile => allowed ? Severity.High : Severity.Medium,
            SensitiveKind.TerraformVariables or SensitiveKind.Ansible or SensitiveKind.CiDeployWorkflow => allowed ? Severity.Medium : Severity.Low,
            _ => allowed ? Severity.Low : Severity.Info,
        };
        return new Finding(Rule(InfrastructureFileReadable),
            $"{file.Kind} {file.Path}{ignoredNote}: {(allowed ? "readable without asking" : "one prompt away")} ({file.Read.Reason})", location, file.Path, evidence, severity);
    }

    private static Dictionary<string, string> SizeEvidence(WorkingDirectorySize size) => new()
    {
        ["files"] = size.Files.ToString(CultureInfo.InvariantCulture),
        ["bytes"] = size.Bytes.ToString(CultureInfo.InvariantCulture),
        ["gitIgnoredFiles"] = size.GitIgnoredFiles.ToString(CultureInfo.InvariantCulture),
    };
}
