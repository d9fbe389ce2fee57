using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Permissions;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Permissions;

public sealed class PermissionEngineTests
{
    private static PermissionDecision Decide(string mode, string tool, object input, params (SettingsSource Source, string Json)[] settings)
    {
        var documents = settings.Select(s => SettingsDocument.FromFile(s.Source, JsonFileReader.Parse(s.Json, $"/{s.Source}.json").Value!)).ToList();
        var engine = new PermissionEngine(new PermissionContext(mode, true, "/home/dev", "/srv/app", [], documents));
        return engine.Decide(tool, JsonSerializer.SerializeToElement(input));
    }

    [Theory]
    [InlineData("rm -rf /", PermissionDecisionKind.Ask)]
    [InlineData("rm -rf ~", PermissionDecisionKind.Ask)]
    [InlineData("rm -rf $HOME/*", PermissionDecisionKind.Ask)]
    [InlineData("rm -rf build", PermissionDecisionKind.Allow)]
    public void CriticalRemoval_AsksEvenInBypassMode(string command, PermissionDecisionKind expected)
    {
        Assert.Equal(expected, Decide("bypassPermissions", "Bash", new { command }).Decision);
    }

    [Fact]
    public void UnresolvableVariable_IsNotCoveredByAPrefixAllow()
    {
        var decision = Decide("default", "Bash", new { command = "echo FOO=$FOO_TEST" }, (SettingsSource.Local, """{"permissions":{"allow":["Bash(echo *)"]}}"""));

        Assert.Equal(PermissionDecisionKind.Ask, decision.Decision);
        Assert.Contains("variable", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void DenyRule_SeesThroughAnyAssignment_AllowOnlyThroughSafeOnes()
    {
        var deny = Decide("default", "Bash", new { command = "FOO=1 rm -rf x" }, (SettingsSource.User, """{"permissions":{"deny":["Bash(rm *)"]}}"""));
        var allow = Decide("default", "Bash", new { command = "FOO=1 npm test" }, (SettingsSource.User, """{"permissions":{"allow":["Bash(npm test)"]}}"""));

        Assert.Equal(PermissionDecisionKind.Deny, deny.Decision);
        Assert.Equal(PermissionDecisionKind.Ask, allow.Decision);
    }

    [Fact]
    public void ParameterDenyRule_DeniesOnTheField_AndNamesIt_EvenOverAnAllowEverything()
    {
        var settings = (SettingsSource.User, """{"permissions":{"allow":["Bash"],"deny":["Bash(run_in_background:true)"]}}""");

        var background = Decide("default", "Bash", new { command = "ls", run_in_background = true }, settings);
        var foreground = Decide("default", "Bash", new { command = "ls", run_in_background = false }, settings);

        Assert.Equal(PermissionDecisionKind.Deny, background.Decision);
        Assert.Equal("Bash(run_in_background:true)", background.Rule);
        Assert.Contains("run_in_background", background.Reason, StringComparison.Ordinal);
        Assert.Equal(PermissionDecisionKind.Allow, foreground.Decision);
    }

    [Theory]
    [InlineData("Bash(timeout:*000)", 5000, PermissionDecisionKind.Ask)]
    [InlineData("Bash(timeout:*000)", 1500, PermissionDecisionKind.Allow)]
    [InlineData("Bash(timeout:1e3)", 1000, PermissionDecisionKind.Allow)]
    [InlineData("Bash(run_in_background:true)", 5000, PermissionDecisionKind.Allow)]
    public void ParameterAskRule_MatchesTheFieldsText_InBypassModeToo(string rule, int timeout, PermissionDecisionKind expected)
    {
        var decision = Decide("bypassPermissions", "Bash", new { command = "ls", timeout }, (SettingsSource.Project, $$$"""{"permissions":{"ask":["{{{rule}}}"]}}"""));

        Assert.Equal(expected, decision.Decision);
    }

    [Theory]
    [InlineData("Write(content:hello)", "hello", PermissionDecisionKind.Deny)]
    [InlineData("Write(content:*hello*)", "say hello", PermissionDecisionKind.Ask)]
    [InlineData("Write(file_path:/srv/app/n.txt)", "hello", PermissionDecisionKind.Ask)]
    public void ParameterRulesTheBinarySkips_DecideNothing(string rule, string content, PermissionDecisionKind expected)
    {
        var decision = Decide("default", "Write", new { file_path = "/srv/app/n.txt", content }, (SettingsSource.Project, $$$"""{"permissions":{"deny":["{{{rule}}}"]}}"""));

        Assert.Equal(expected, decision.Decision);
    }

    [Fact]
    public void AgentParameterRule_UnderTheOldTaskName_StillApplies()
    {
        var decision = Decide("default", "Agent", new { description = "d", prompt = "p", model = "sonnet" }, (SettingsSource.User, """{"permissions":{"deny":["Task(model:sonnet)"]}}"""));
        var notAField = Decide("default", "Agent", new { description = "d", prompt = "p", model = "sonnet" }, (SettingsSource.User, """{"permissions":{"deny":["Task(content:sonnet)"]}}"""));

        Assert.Equal(PermissionDecisionKind.Deny, decision.Decision);
        Assert.Equal(PermissionDecisionKind.Allow, notAField.Decision);
    }

    [Theory]
    [InlineData("Bash(timeout *)", "deny", "timeout 5 ls", PermissionDecisionKind.Deny)]
    [InlineData("Bash(timeout *)", "ask", "timeout 5 ls", PermissionDecisionKind.Ask)]
    [InlineData("Bash(timeout 5 git push)", "allow", "timeout 5 git push", PermissionDecisionKind.Allow)]
    [InlineData("Bash(nohup git push *)", "allow", "nohup git push origin x", PermissionDecisionKind.Allow)]
    public void BashRules_AlsoMatchTheCommandAsWritten_WrapperIncluded(string rule, string list, string command, PermissionDecisionKind expected)
    {
        var decision = Decide("default", "Bash", new { command }, (SettingsSource.Project, $$$"""{"permissions":{"{{{list}}}":["{{{rule}}}"]}}"""), (SettingsSource.User, """{"permissions":{"allow":["Bash(ls)"]}}"""));

        Assert.Equal(expected, decision.Decision);
    }

    [Fact]
    public void FindExec_CannotBePrefixApproved()
    {
        var decision = Decide("default", "Bash", new { command = "find . -exec rm {} ;" }, (SettingsSource.Local, """{"permissions":{"allow":["Bash(find:*)"]}}"""));

        Assert.Equal(PermissionDecisionKind.Ask, decision.Decision);
    }

    [Theory]
    [InlineData("https://docs.example.com/x", "domain:docs.example.com", PermissionDecisionKind.Allow)]
    [InlineData("https://sub.example.com/x", "domain:example.com", PermissionDecisionKind.Ask)]
    [InlineData("https://sub.example.com/x", "domain:*.example.com", PermissionDecisionKind.Allow)]
    [InlineData("https://example.com/x", "domain:*.example.com", PermissionDecisionKind.Ask)]
    public void WebFetch_DomainRules(string url, string spec, PermissionDecisionKind expected)
    {
        Assert.Equal(expected, Decide("default", "WebFetch", new { url, prompt = "p" }, (SettingsSource.Project, JsonSerializer.Serialize(new { permissions = new { allow = new[] { $"WebFetch({spec})" } } }))).Decision);
    }

    [Theory]
    [InlineData("mcp__github", PermissionDecisionKind.Allow)]
    [InlineData("mcp__github__*", PermissionDecisionKind.Allow)]
    [InlineData("mcp__github__get_issue", PermissionDecisionKind.Allow)]
    [InlineData("mcp__*", PermissionDecisionKind.Ask)]
    [InlineData("mcp__gitlab", PermissionDecisionKind.Ask)]
    public void McpRules(string rule, PermissionDecisionKind expected)
    {
        Assert.Equal(expected, Decide("default", "mcp__github__get_issue", new { }, (SettingsSource.Local, JsonSerializer.Serialize(new { permissions = new { allow = new[] { rule } } }))).Decision);
    }

    [Fact]
    public void PathAnchors_SingleSlashIsTheSourceRootNotTheFilesystem()
    {
        var user = Decide("default", "Read", new { file_path = "/etc/shadow" }, (SettingsSource.User, """{"permissions":{"deny":["Read(/etc/**)"]}}"""));
        var absolute = Decide("default", "Read", new { file_path = "/etc/shadow" }, (SettingsSource.User, """{"permissions":{"deny":["Read(//etc/**)"]}}"""));
        var userAnchored = Decide("default", "Read", new { file_path = "/home/dev/.claude/etc/x" }, (SettingsSource.User, """{"permissions":{"deny":["Read(/etc/**)"]}}"""));

        Assert.Equal(PermissionDecisionKind.Ask, user.Decision);
        Assert.Equal(PermissionDecisionKind.Deny, absolute.Decision);
        Assert.Equal(PermissionDecisionKind.Deny, userAnchored.Decision);
    }

    [Fact]
    public void Auto_IsReportedAsClassifierDecides()
    {
        Assert.Equal(PermissionDecisionKind.Classifier, Decide("auto", "Bash", new { command = "npm test" }).Decision);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("")]
    [InlineData("\0")]
    [InlineData("//")]
    public void Write_OddPaths_DoNotThrow(string path)
    {
        var decision = Decide("acceptEdits", "Write", new { file_path = path, content = "x" });

        Assert.NotNull(decision.Reason);
    }

    [FsCheck.Xunit.Property(MaxTest = 1000)]
    public bool Decide_NeverThrows(string? command, string? path, string? rule)
    {
        var settings = JsonSerializer.Serialize(new { permissions = new { allow = new[] { rule ?? "Bash" }, deny = new[] { $"Read({rule})" } } });
        _ = Decide("default", "Bash", new { command = command ?? string.Empty }, (SettingsSource.Project, settings));
        _ = Decide("acceptEdits", "Write", new { file_path = path ?? string.Empty, content = "x" }, (SettingsSource.Project, settings));
        return true;
    }
}
