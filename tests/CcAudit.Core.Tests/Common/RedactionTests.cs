using CcAudit.Core.Common;

namespace CcAudit.Core.Tests.Common;

public sealed class RedactionTests
{
    [Fact]
    public void Redact_LongSecret_KeepsShortPrefixOnly()
    {
        const string secret = "sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789";

        var redacted = Redaction.Redact(secret);

        Assert.StartsWith("sk-ant-api03-…", redacted.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghij", redacted.ToString(), StringComparison.Ordinal);
        Assert.Equal(12, redacted.Fingerprint.Length);
    }

    [Fact]
    public void Redact_ShortSecret_ShowsNothingOfIt()
    {
        var redacted = Redaction.Redact("hunter2");

        Assert.DoesNotContain("hun", redacted.Display, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_IsStableAndDistinguishes()
    {
        Assert.Equal(Redaction.Fingerprint("a"), Redaction.Fingerprint("a"));
        Assert.NotEqual(Redaction.Fingerprint("a"), Redaction.Fingerprint("b"));
    }

    [Fact]
    public void RedactWithin_ReplacesEveryOccurrence()
    {
        const string secret = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

        var text = Redaction.RedactWithin($"x {secret} y {secret}", secret);

        Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("redacted").Length - 1);
    }

    [Fact]
    public void Redact_Password_ShowsNoneOfIt()
    {
        Assert.StartsWith("…[redacted", Redaction.Redact("correct-horse-battery-staple").Display, StringComparison.Ordinal);
    }

    [FsCheck.Xunit.Property(MaxTest = 300)]
    public bool Redact_ShowsAtMostAVendorPrefixAndNeverTheRest(FsCheck.NonEmptyString input)
    {
        var secret = input.Get;
        var shown = Redaction.Redact(secret).Display.Split('…')[0];
        return shown.Length <= 13 && secret.Length - shown.Length >= 8 || shown.Length == 0;
    }
}

public sealed class RedactionScrubTests
{
    [Theory]
    [InlineData("postgres://admin:hu#nter2@db.internal:5432/app", "hu#nter2")]
    [InlineData("mysql://root:p@ss:w/rd#1@db/x", "p@ss:w/rd#1")]
    [InlineData("redis://u:pässwörd#ü@cache:6379", "pässwörd#ü")]
    [InlineData("Bash(PGPASSWORD=s3cr#etPa55 psql -h db)", "s3cr#etPa55")]
    [InlineData("--header \"Authorization: Bearer abcdefghijklmnop1234567890\"", "abcdefghijklmnop1234567890")]
    [InlineData("curl -H 'X-Api-Key: k3y-value-0001' https://x", "k3y-value-0001")]
    [InlineData("{\"password\": \"correct horse battery\"}", "correct horse battery")]
    [InlineData("npx server --api-key=zz9-plural-z-alpha", "zz9-plural-z-alpha")]
    [InlineData("run --token tok-0123456789", "tok-0123456789")]
    [InlineData("echo ghp_0123456789abcdefghijABCDEFGHIJ012345", "ghp_0123456789abcdefghijABCDEFGHIJ012345")]
    [InlineData("key AKIAIOSFODNN7EXAMPL3 here", "AKIAIOSFODNN7EXAMPL3")]
    [InlineData("x=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV", "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmU")]
    public void Scrub_RemovesTheSecretWhole(string text, string secret)
    {
        var scrubbed = Redaction.Scrub(text);

        Assert.DoesNotContain(secret, scrubbed, StringComparison.Ordinal);
        Assert.Contains("redacted", scrubbed, StringComparison.Ordinal);
        Assert.Equal(scrubbed, Redaction.Scrub(scrubbed));
    }

    [Theory]
    [InlineData("Authorization: Bearer ${GITHUB_TOKEN}")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf")]
    [InlineData("Bash(git push origin main)")]
    [InlineData("input tokens: 1234567")]
    [InlineData("credentials: present")]
    [InlineData("\"tokens\": [")]
    [InlineData("git log --author=jane")]
    [InlineData("https://example.com/docs")]
    [InlineData("a plain sentence about secrets and tokens")]
    public void Scrub_LeavesWhatIsNotASecret(string text) => Assert.Equal(text, Redaction.Scrub(text));

    [Fact]
    public void Scrub_IsLinearOnHostileText()
    {
        var text = "postgres://u:" + new string('a', 2_000_000) + " token=" + new string('b', 2_000_000);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var scrubbed = Redaction.Scrub(text);

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.DoesNotContain(new string('b', 100), scrubbed, StringComparison.Ordinal);
    }
}
