namespace CcAudit.Core.Reach;

/// <summary>The kinds of secret the content scanner recognises.</summary>
public enum SecretKind
{
    AwsAccessKeyId,
    AwsSecretAccessKey,
    GitHubToken,
    GitLabToken,
    SlackToken,
    AnthropicApiKey,
    OpenAiApiKey,
    GoogleServiceAccountKey,
    StripeLiveKey,
    PrivateKey,
    JsonWebToken,
    DatabaseUrlPassword,
    UrlCredentials,
    GenericHighEntropy,
}
