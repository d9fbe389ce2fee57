using CcAudit.Core.Reach;
using FsCheck;
using FsCheck.Fluent;

namespace CcAudit.Core.Tests.Reach;

public sealed class SecretScannerPropertyTests
{
    private static readonly string[] Fragments =
    [
        "token", "TOKEN", "password", "secret", "=", ":", " ", "\"", "'", "\n", "\\n", "ghp_", "AKIA", "sk-", "sk-ant-", "xoxb-", "eyJ", ".", "://",
        "postgres", "http", "@", "-----BEGIN PRIVATE KEY-----", "-----END", "\"type\": \"service_account\"", "\"private_key\"", "q8Zr2LmV7xKp4NwT9bJc3HdF",
        "wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx", "(", "$", "é", "\u0000",
    ];

    [Fact]
    public void AnyMixOfAnchorsAndFragments_ScansWithoutThrowing_AndNeverShowsAValueWhole()
    {
        var fragments = Gen.ArrayOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts));
        Prop.ForAll(fragments.ToArbitrary(), text =>
        {
            foreach (var hit in SecretScanner.Scan(text))
            {
                var display = hit.Secret.Display;
                if (hit.Line < 1 || display.Contains("q8Zr2LmV7xKp4NwT9bJc3HdF", StringComparison.Ordinal) || display.Contains("wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void ScanningTheSameTextInPieces_FindsTheSameSecretsAsWhole()
    {
        // Lines are independent: scanning line by line must give the same fingerprints as scanning the whole text.
        var lines = Gen.ArrayOf(Gen.Elements(
            "GITHUB_TOKEN=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", "const x = getToken(a);", "password = \"changeme\"", "SECRET_KEY = \"q8Zr2LmV7xKp4NwT9bJc3HdF\"",
            "DATABASE_URL=postgres://app:Vr7Kp2Xm9Lq4@db:5432/app", "// token refresh", "AWS_ACCESS_KEY_ID=AKIA2E0A8F3B244C9986", "plain text"));
        Prop.ForAll(lines.ToArbitrary(), parts =>
        {
            var whole = SecretScanner.Scan(string.Join('\n', parts)).Select(h => h.Secret.Fingerprint).ToList();
            var pieces = parts.SelectMany(p => SecretScanner.Scan(p)).Select(h => h.Secret.Fingerprint).ToList();
            return whole.SequenceEqual(pieces);
        }).QuickCheckThrowOnFailure();
    }
}
