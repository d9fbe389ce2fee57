namespace CcAudit.Core.Reach;

/// <summary>
/// Classifies files by name and, for a few kinds, by a glance at content already read for the secret scan. Only
/// cheap string tests on the name run for every file; content tests run only for names that can qualify.
/// </summary>
public static class SensitiveFileClassifier
{
    private static readonly HashSet<string> CredentialStoreNames = new(StringComparer.Ordinal)
    {
        ".npmrc", ".pypirc", ".netrc", "_netrc", ".git-credentials", "credentials.json", "application_default_credentials.json",
        ".pgpass", ".my.cnf", ".dockercfg", "credentials.db", "access_tokens.db",
    };

    private static readonly HashSet<string> EnvTemplates = new(StringComparer.OrdinalIgnoreCase)
    {
        ".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", ".env.schema",
    };

    private static readonly string[] KeyExtensions = [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".asc", ".gpg"];

    /// <summary>True when <see cref="Classify"/> looks at the content of this file, so the scanner keeps it as text.</summary>
    public static bool NeedsContent(string relativePath) => IsYaml(relativePath);

    /// <summary>The kind a file has from its path and (when read) its content; null when it is not sensitive by itself.</summary>
    /// <param name="relativePath">Path below the working directory, '/'-separated.</param>
    /// <param name="content">The text, when it was read (needed for YAML kinds).</param>
    /// <param name="hasSecrets">Whether the scanner found secrets in it.</param>
    /// <param name="fullPath">The absolute path, to look for a sibling Chart.yaml; null to skip that look.</param>
    public static SensitiveKind? Classify(string relativePath, string? content, bool hasSecrets, string? fullPath = null)
    {
        if (ClassifyByName(relativePath) is { } byName)
        {
            return byName;
        }

        if (content is not null && IsYaml(relativePath))
        {
            if (relativePath.Contains(".github/workflows/", StringComparison.Ordinal) || relativePath.EndsWith(".gitlab-ci.yml", StringComparison.Ordinal))
            {
                return content.Contains("deploy", StringComparison.OrdinalIgnoreCase) || content.Contains("secrets.", StringComparison.Ordinal) ? SensitiveKind.CiDeployWorkflow : null;
            }

            if (content.Contains("$ANSIBLE_VAULT;", StringComparison.Ordinal) || relativePath.Contains("group_vars/", StringComparison.Ordinal)
                || relativePath.Contains("host_vars/", StringComparison.Ordinal) || relativePath.Contains("playbook", StringComparison.OrdinalIgnoreCase))
            {
                return SensitiveKind.Ansible;
            }

            if (content.Contains("apiVersion:", StringComparison.Ordinal) && content.Contains("kind:", StringComparison.Ordinal))
            {
                return HasKindSecret(content) ? SensitiveKind.KubernetesSecret : SensitiveKind.KubernetesManifest;
            }

            if (FileName(relativePath).StartsWith("values", StringComparison.Ordinal))
            {
                var chartNextToIt = fullPath is not null && File.Exists(Path.Combine(Path.GetDirectoryName(fullPath)!, "Chart.yaml"));
                return chartNextToIt || relativePath.Contains("charts/", StringComparison.Ordinal) || relativePath.Contains("helm", StringComparison.OrdinalIgnoreCase)
                    ? SensitiveKind.HelmValues : null;
            }
        }

        return hasSecrets && IsDockerfile(relativePath) ? SensitiveKind.DockerfileWithCredentials : null;
    }

    private static SensitiveKind? ClassifyByName(string relativePath)
    {
        var name = FileName(relativePath);
        if (name.StartsWith(".env", StringComparison.Ordinal) && !EnvTemplates.Contains(name) && (name.Length == 4 || name[4] == '.'))
        {
            return SensitiveKind.EnvFile;
        }

        if (name.EndsWith(".tfstate", StringComparison.Ordinal) || name.EndsWith(".tfstate.backup", StringComparison.Ordinal))
        {
            return SensitiveKind.TerraformState;
        }

        if (name.EndsWith(".tfvars", StringComparison.Ordinal) || name.EndsWith(".tfvars.json", StringComparison.Ordinal))
        {
            return SensitiveKind.TerraformVariables;
        }

        if (name.EndsWith(".tf", StringComparison.Ordinal))
        {
            return SensitiveKind.TerraformConfig;
        }

        if (CredentialStoreNames.Contains(name) || relativePath.EndsWith(".aws/credentials", StringComparison.Ordinal) || relativePath.EndsWith(".kube/config", StringComparison.Ordinal)
            || relativePath.EndsWith(".docker/config.json", StringComparison.Ordinal) || relativePath.EndsWith(".git/config", StringComparison.Ordinal))
        {
            return SensitiveKind.CredentialStore;
        }

        if ((name.StartsWith("id_", StringComparison.Ordinal) && !name.EndsWith(".pub", StringComparison.Ordinal) && relativePath.Contains(".ssh/", StringComparison.Ordinal))
            || name is "id_rsa" or "id_ed25519" or "id_ecdsa" or "id_dsa"
            || KeyExtensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return SensitiveKind.PrivateKeyFile;
        }

        return null;
    }

    private static bool HasKindSecret(string content)
    {
        foreach (var line in content.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("kind:", StringComparison.Ordinal) && trimmed[5..].Trim().SequenceEqual("Secret"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsYaml(string path) => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static bool IsDockerfile(string path)
    {
        var name = FileName(path);
        return name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("docker-compose", StringComparison.Ordinal) || name.StartsWith("compose.y", StringComparison.Ordinal);
    }

    private static string FileName(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? relativePath : relativePath[(slash + 1)..];
    }
}
