using System.Text.Json;
using CcAudit.Core.Reach;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Reach;

public sealed class PermissionEngineReadPolicyTests
{
    private const string Launch = "/home/dev/app";
    private const string Home = "/home/dev";

    private static PermissionEngineReadPolicy Policy(params (SettingsSource Source, string Json)[] settings) => Policy(true, settings);

    private static PermissionEngineReadPolicy Policy(bool trusted, params (SettingsSource Source, string Json)[] settings) =>
        new(Launch, Home, [.. settings.Select(s => SettingsDocument.Inline(s.Source, JsonDocument.Parse(s.Json).RootElement))], trusted);

    [Fact]
    public void InsideTheLaunchDirectory_ReadsWithoutAsking()
    {
        var access = Policy().EvaluateRead("/home/dev/app/.env");

        Assert.Equal(ReadDecision.Allow, access.Decision);
        Assert.Contains("inside the working directories", access.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void OutsideTheWorkingDirectories_Asks()
    {
        Assert.Equal(ReadDecision.Ask, Policy().EvaluateRead("/home/dev/.aws/credentials").Decision);
        Assert.Equal(ReadDecision.Ask, Policy().EvaluateRead("/home/dev/application/x").Decision);
    }

    [Fact]
    public void AdditionalDirectories_AreWorkingDirectories()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"additionalDirectories":["../shared", "~/notes"]}}"""));

        Assert.Equal(ReadDecision.Allow, policy.EvaluateRead("/home/dev/shared/x.txt").Decision);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateRead("/home/dev/notes/x.txt").Decision);
        Assert.Equal(["/home/dev/app", "/home/dev/shared", "/home/dev/notes"], policy.WorkingDirectories);
    }

    [Fact]
    public void BareFileNameDeny_MatchesAtAnyDepth()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(.env)"]}}"""));

        var access = policy.EvaluateRead("/home/dev/app/services/api/.env");

        Assert.Equal(ReadDecision.Deny, access.Decision);
        Assert.Equal("Read(.env)", access.Rule);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateRead("/home/dev/app/.env.example").Decision);
    }

    [Fact]
    public void HomeAnchoredDeny_CoversTheHomeStore()
    {
        var policy = Policy((SettingsSource.User, """{"permissions":{"deny":["Read(~/.ssh/**)"]}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateRead("/home/dev/.ssh/id_ed25519").Decision);
        Assert.Equal(ReadDecision.Ask, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
    }

    [Fact]
    public void SingleSlash_AnchorsAtTheSettingsSource_NotTheFilesystemRoot()
    {
        // A user-settings "/secrets/**" protects ~/.claude/secrets, not /secrets (claude-code-surface.md §4.4).
        var user = Policy((SettingsSource.User, """{"permissions":{"deny":["Read(/secrets/**)"]}}"""));
        Assert.Equal(ReadDecision.Ask, user.EvaluateRead("/secrets/a").Decision);
        Assert.Equal(ReadDecision.Deny, user.EvaluateRead("/home/dev/.claude/secrets/a").Decision);

        var project = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(/secrets/**)"]}}"""));
        Assert.Equal(ReadDecision.Deny, project.EvaluateRead("/home/dev/app/secrets/a").Decision);
        Assert.Equal(ReadDecision.Allow, project.EvaluateRead("/home/dev/app/lib/secrets/a").Decision);
    }

    [Fact]
    public void DoubleSlash_IsAbsolute()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(//etc/**)"]}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateRead("/etc/shadow").Decision);
    }

    [Fact]
    public void SingleSegmentDirectoryDeny_BitesAtAnyDepth_AllowOnlyAtTheTop()
    {
        var deny = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(secrets/**)"]}}"""));
        Assert.Equal(ReadDecision.Deny, deny.EvaluateRead("/home/dev/app/x/secrets/key").Decision);

        var allow = Policy((SettingsSource.Project, """{"permissions":{"allow":["Read(docs/**)"]}}"""));
        Assert.Equal(ReadDecision.Allow, allow.EvaluateRead("/home/dev/app/docs/a.md").Decision);
    }

    [Fact]
    public void DenyBeatsAsk_AskBeatsAllow()
    {
        var policy = Policy(
            (SettingsSource.Project, """{"permissions":{"allow":["Read(**/*.pem)"],"ask":["Read(**/*.pem)"]}}"""),
            (SettingsSource.User, """{"permissions":{"deny":["Read(**/prod.pem)"]}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateRead("/home/dev/app/prod.pem").Decision);
        Assert.Equal(ReadDecision.Ask, policy.EvaluateRead("/home/dev/app/dev.pem").Decision);
    }

    [Fact]
    public void AllowRule_OutsideTheWorkingDirectories_ReadsWithoutAsking()
    {
        var policy = Policy((SettingsSource.User, """{"permissions":{"allow":["Read(~/.kube/**)"]}}"""));

        var access = policy.EvaluateRead("/home/dev/.kube/config");

        Assert.Equal(ReadDecision.Allow, access.Decision);
        Assert.Equal("Read(~/.kube/**)", access.Rule);
    }

    [Theory]
    [InlineData("dontAsk", ReadDecision.Deny)]
    [InlineData("bypassPermissions", ReadDecision.Allow)]
    [InlineData("acceptEdits", ReadDecision.Ask)]
    public void Mode_DecidesWhatAPromptBecomes(string mode, ReadDecision expected)
    {
        var policy = Policy((SettingsSource.User, "{\"permissions\":{\"defaultMode\":\"" + mode + "\"}}"));

        Assert.Equal(expected, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
    }

    [Fact]
    public void BlockReadsOutsideWorkingDirectories_Denies()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"blockReadsOutsideWorkingDirectories":true}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateRead("/home/dev/.npmrc").Decision);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateRead("/home/dev/app/.npmrc").Decision);
    }

    [Fact]
    public void SandboxDenyRead_StopsBashCat_NotTheReadTool()
    {
        var policy = Policy((SettingsSource.User, """{"sandbox":{"enabled":true,"allowUnsandboxedCommands":false,"filesystem":{"denyRead":["~/.aws"]}}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateBashCat("/home/dev/.aws/credentials").Decision);
        Assert.Equal(ReadDecision.Ask, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
        Assert.NotNull(policy.Sandbox);
        Assert.Contains("~/.aws", policy.Sandbox!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRules_ApplyToBashCat()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(**/.env)"]}}"""));

        var access = policy.EvaluateBashCat("/home/dev/app/.env");

        Assert.Equal(ReadDecision.Deny, access.Decision);
        Assert.StartsWith("Bash cat:", access.Reason, StringComparison.Ordinal);
        Assert.Null(policy.Sandbox);
    }

    [Fact]
    public void AllowEveryCommand_AllowsBashCatOutsideWithoutAPrompt_WhileTheReadToolStillAsks()
    {
        var policy = Policy((SettingsSource.User, """{"permissions":{"allow":["Bash(*)"]}}"""));

        var cat = policy.EvaluateBashCat("/home/dev/.aws/credentials");

        Assert.Equal(ReadDecision.Allow, cat.Decision);
        Assert.Equal("Bash(*)", cat.Rule);
        Assert.Contains("user settings", cat.Reason, StringComparison.Ordinal);
        Assert.Equal(ReadDecision.Ask, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
    }

    [Fact]
    public void CatPrefixAllowRule_DoesNotLiftThePathCheck()
    {
        // Claude Code still asks before a prefix-allowed cat opens a file outside the working directories.
        var policy = Policy((SettingsSource.User, """{"permissions":{"allow":["Bash(cat:*)"]}}"""));

        Assert.Equal(ReadDecision.Ask, policy.EvaluateBashCat("/home/dev/.aws/credentials").Decision);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateBashCat("/home/dev/app/.env").Decision);
    }

    [Fact]
    public void UntrustedProject_AllowRulesAndAdditionalDirectories_DoNotApply()
    {
        const string project = """{"permissions":{"allow":["Read(~/.kube/**)"],"additionalDirectories":["../shared"]}}""";

        var untrusted = Policy(false, (SettingsSource.Project, project));
        Assert.Equal(ReadDecision.Ask, untrusted.EvaluateRead("/home/dev/.kube/config").Decision);
        Assert.Equal(ReadDecision.Ask, untrusted.EvaluateRead("/home/dev/shared/x.txt").Decision);
        Assert.Equal(["/home/dev/app"], untrusted.WorkingDirectories);

        var trusted = Policy(true, (SettingsSource.Project, project));
        Assert.Equal(ReadDecision.Allow, trusted.EvaluateRead("/home/dev/.kube/config").Decision);
        Assert.Equal(["/home/dev/app", "/home/dev/shared"], trusted.WorkingDirectories);
    }

    [Fact]
    public void ReadDenyRule_DeniesTheReadToolAndBashCat_EvenOverABashAllowRule()
    {
        var policy = Policy(
            (SettingsSource.User, """{"permissions":{"allow":["Bash(cat:*)"]}}"""),
            (SettingsSource.Project, """{"permissions":{"deny":["Read(~/.aws/**)"]}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
        var cat = policy.EvaluateBashCat("/home/dev/.aws/credentials");
        Assert.Equal(ReadDecision.Deny, cat.Decision);
        Assert.Equal("Read(~/.aws/**)", cat.Rule);
    }

    [Fact]
    public void BashCat_QuotesThePath()
    {
        var policy = Policy((SettingsSource.Project, """{"permissions":{"deny":["Read(**/o'brien.key)"]}}"""));

        Assert.Equal(ReadDecision.Deny, policy.EvaluateBashCat("/home/dev/app/o'brien.key").Decision);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateBashCat("/home/dev/app/$(touch x) a.txt").Decision);
    }

    [Theory]
    [InlineData("plan")]
    [InlineData("auto")]
    public void ClassifierModes_ReadAnywhereWithoutAsking(string mode)
    {
        var policy = Policy((SettingsSource.User, "{\"permissions\":{\"defaultMode\":\"" + mode + "\"}}"));

        Assert.Equal(ReadDecision.Allow, policy.EvaluateRead("/home/dev/.aws/credentials").Decision);
        Assert.Equal(ReadDecision.Allow, policy.EvaluateBashCat("/home/dev/.aws/credentials").Decision);
    }

    [Fact]
    public void DenyInsteadOfPrompting_FromUserSettings_DeniesWhatWouldAsk_FromProjectSettings_DoesNot()
    {
        Assert.Equal(ReadDecision.Deny, Policy((SettingsSource.User, """{"permissions":{"denyInsteadOfPrompting":true}}""")).EvaluateRead("/home/dev/.npmrc").Decision);
        Assert.Equal(ReadDecision.Ask, Policy((SettingsSource.Project, """{"permissions":{"denyInsteadOfPrompting":true}}""")).EvaluateRead("/home/dev/.npmrc").Decision);
    }
}
