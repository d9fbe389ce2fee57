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
