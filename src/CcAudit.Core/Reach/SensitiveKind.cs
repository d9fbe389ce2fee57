namespace CcAudit.Core.Reach;

/// <summary>Why a file matters even before (or without) a recognised secret in it.</summary>
public enum SensitiveKind
{
    /// <summary>Holds a recognised secret and nothing else makes it special.</summary>
    SecretInContent,
    EnvFile,
    PrivateKeyFile,
    CredentialStore,
    TerraformState,
    TerraformVariables,
    TerraformConfig,
    KubernetesSecret,
    KubernetesManifest,
    HelmValues,
    Ansible,
    CiDeployWorkflow,
    DockerfileWithCredentials,
}
