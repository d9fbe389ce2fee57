using CcAudit.Core.Common;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Tests.Reach;

public sealed class SecretScannerTests
{
    public static TheoryData<string, string, SecretKind> Positives => new()
    {
        { "AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986", "AKIA2E0A8F3B244C9986", SecretKind.AwsAccessKeyId },
        { "aws_secret_access_key = Zp9wJalrXUtnFEMIK7MDENGbPxRfiCYzQW8rT5kL", "Zp9wJalrXUtnFEMIK7MDENGbPxRfiCYzQW8rT5kL", SecretKind.AwsSecretAccessKey },
        { "token: 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", "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", SecretKind.GitHubToken },
        { "x = 'gho_16C7e42F292c6912E7710c838347Ae178B4a'", "gho_16C7e42F292c6912E7710c838347Ae178B4a", SecretKind.GitHubToken },
        { "GITLAB=glpat-Xk3v9QmZ2pLw8RtY4nBc", "glpat-Xk3v9QmZ2pLw8RtY4nBc", SecretKind.GitLabToken },
        { "SLACK=xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1", "xoxb-263594206564-2343594206574-FGqddMF8t08v8N7Oq4i57vs1", SecretKind.SlackToken },
        { "key: sk-ant-api03-Jq8vR2mLk9ZpX4wT7bN1cY6hF3dS0gU5eA8iO2uK7jH4lQ9nM1vB6xC3zW5tR8yP0sD2fG4hJ6kL-9AA", "sk-ant-api03-Jq8vR2mLk9ZpX4wT7bN1cY6hF3dS0gU5eA8iO2uK7jH4lQ9nM1vB6xC3zW5tR8yP0sD2fG4hJ6kL-9AA", SecretKind.AnthropicApiKey },
        { "o = \"sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fT3BlbkFJGh3iJk6lMn9oPq2rSt5uVw8xYz1aBc4dEf7g\"", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fT3BlbkFJGh3iJk6lMn9oPq2rSt5uVw8xYz1aBc4dEf7g", SecretKind.OpenAiApiKey },
        { "stripe('sk_live_51H8xQ2Kp9ZmWvT4rL7nB3cY6')", "sk_live_51H8xQ2Kp9ZmWvT4rL7nB3cY6", SecretKind.StripeLiveKey },
        { "bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", SecretKind.JsonWebToken },
        { "DATABASE_URL=postgresql://app:Vr7Kp2Xm9Lq4@db.internal:5432/app", "Vr7Kp2Xm9Lq4", SecretKind.DatabaseUrlPassword },
        { "url = https://deploy:Tq8Wz3Lm5Nx2Rv7Kb@git.example.org/repo.git", "Tq8Wz3Lm5Nx2Rv7Kb", SecretKind.UrlCredentials },
        { "MONGO=mongodb+srv://app:Wq4Zr8Lp2Xk7@cluster0.example.net/db", "Wq4Zr8Lp2Xk7", SecretKind.DatabaseUrlPassword },
        { "cache: x+redis://:Nb5Tq9Wz3Lm7@cache:6379", "Nb5Tq9Wz3Lm7", SecretKind.DatabaseUrlPassword },
        { "SECRET_KEY = \"q8Zr2LmV7xKp4NwT9bJc3HdF\"", "q8Zr2LmV7xKp4NwT9bJc3HdF", SecretKind.GenericHighEntropy },
        { "db_password: Hk3#pQ9z!Lm2vXw7", "Hk3#pQ9z!Lm2vXw7", SecretKind.GenericHighEntropy },
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public void Finds_EachProviderFormat_WithFingerprintOfTheValue(string line, string value, SecretKind kind)
    {
        var hits = SecretScanner.Scan("first line\n" + line + "\n");

        var hit = Assert.Single(hits);
        Assert.Equal(kind, hit.Kind);
        Assert.Equal(2, hit.Line);
        Assert.Equal(Redaction.Fingerprint(value), hit.Secret.Fingerprint);
        Assert.DoesNotContain(value, hit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_PemPrivateKeyBody()
    {
        var body = string.Concat(Enumerable.Repeat("MIIEowIBAAKCAQEAuZ8Lq3", 8));
        var hits = SecretScanner.Scan($"-----BEGIN RSA PRIVATE KEY-----\n{body[..64]}\n{body[64..]}\n-----END RSA PRIVATE KEY-----\n");

        var hit = Assert.Single(hits);
        Assert.Equal(SecretKind.PrivateKey, hit.Kind);
        Assert.Equal(Redaction.Fingerprint(body), hit.Secret.Fingerprint);
    }

    [Fact]
    public void GoogleServiceAccount_IsReportedOnce_AsServiceAccount()
    {
        var key = "-----BEGIN PRIVATE KEY-----\\n" + new string('A', 64) + "\\n" + new string('B', 64) + "\\n-----END PRIVATE KEY-----\\n";
        var json = $"{{\"type\": \"service_account\", \"private_key\": \"{key}\", \"client_email\": \"x@p.iam.gserviceaccount.com\"}}";

        var hit = Assert.Single(SecretScanner.Scan(json));

        Assert.Equal(SecretKind.GoogleServiceAccountKey, hit.Kind);
        Assert.Equal(Redaction.Fingerprint(key), hit.Secret.Fingerprint);
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE")]
    [InlineData("password = \"changeme\"")]
    [InlineData("DB_PASSWORD=${DB_PASSWORD}")]
    [InlineData("api_key: \"<your-api-key-here>\"")]
    [InlineData("token = os.environ[\"GITHUB_TOKEN\"]")]
    [InlineData("const secret = process.env.SECRET_KEY;")]
    [InlineData("DATABASE_URL=postgres://user:password@localhost:5432/app")]
    [InlineData("url = xpostgres://app:Vr7Kp2Xm9Lq4@db:5432/app")]
    [InlineData("SLACK_TOKEN=xoxb-your-token-here")]
    [InlineData("-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----")]
    [InlineData("secret_token = this_is_not_a_real_value")]
    [InlineData("passwordField = getPasswordFromVault()")]
    [InlineData("tokenizer = build_tokenizer(vocab_size=32000)")]
    [InlineData("jwt = \"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\"")]
    [InlineData("private_key_path = \"/etc/ssl/private/server.key\"")]
    [InlineData("API_TOKEN=aaaaaaaaaaaaaaaaaaaaaaaa")]
    [InlineData("commit = 3f786850e387550fdab836ed7e6dc881de23001b")]
    public void Ignores_PlaceholdersAndDecoys(string line)
    {
        Assert.Empty(SecretScanner.Scan(line));
    }

    [Fact]
    public void Entropy_SeparatesWordsFromRandomValues()
    {
        Assert.True(SecretScanner.Entropy("aaaaaaaa") < 0.01);
        Assert.True(SecretScanner.Entropy("q8Zr2LmV7xKp4NwT9bJc3HdF") > SecretScanner.GenericEntropyThreshold);
    }
}
