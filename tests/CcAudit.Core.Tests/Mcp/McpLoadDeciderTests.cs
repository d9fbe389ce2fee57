using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Mcp;

public sealed class McpLoadDeciderTests
{
    private static McpServerConfig Server(string name, McpScope scope, string? command = "node", string? url = null) =>
        new(name, scope, new SourceLocation("/x"), url is null ? McpTransport.Stdio : McpTransport.Http, null, url is null ? command : null, url is null ? ["srv.js"] : [],
            new Dictionary<string, string>(), url, new Dictionary<string, string>(), null, scope is McpScope.Project or McpScope.Local ? "/p" : null);

    private static SettingsDocument Doc(SettingsSource source, string json) => SettingsDocument.Inline(source, JsonDocument.Parse(json).RootElement);

    private static McpLoadDecision One(McpServerConfig server, bool trusted, params SettingsDocument[] settings) =>
        McpLoadDecider.Decide([server], settings, trusted).Single();

    [Fact]
    public void ProjectServer_Unapproved_IsPending()
    {
        Assert.Equal(McpLoadState.PendingApproval, One(Server("p", McpScope.Project), trusted: true).State);
    }

    [Fact]
    public void ProjectServer_ApprovedLocally_Loads()
    {
        var decision = One(Server("p", McpScope.Project), true, Doc(SettingsSource.Local, """{"enabledMcpjsonServers":["p"]}"""));

        Assert.Equal(McpLoadState.Loads, decision.State);
    }

    [Fact]
    public void ProjectServer_ApprovedOnlyByCommittedFileInUntrustedFolder_IsPending()
    {
        var decision = One(Server("p", McpScope.Project), false, Doc(SettingsSource.Project, """{"enableAllProjectMcpServers":true}"""));

        Assert.Equal(McpLoadState.PendingApproval, decision.State);
        Assert.Contains("not trusted", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ProjectServer_CommittedApprovalInTrustedFolder_Loads()
    {
        Assert.Equal(McpLoadState.Loads, One(Server("p", McpScope.Project), true, Doc(SettingsSource.Project, """{"enableAllProjectMcpServers":true}""")).State);
    }

    [Fact]
    public void ProjectServer_RejectedAnywhere_IsDisabledEvenWithEnableAll()
    {
        var decision = One(Server("p", McpScope.Project), true, Doc(SettingsSource.User, """{"enableAllProjectMcpServers":true}"""), Doc(SettingsSource.Local, """{"disabledMcpjsonServers":["p"]}"""));

        Assert.Equal(McpLoadState.Disabled, decision.State);
    }

    [Fact]
    public void ManagedMcpJson_MakesEveryOtherServerBlocked()
    {
        var decisions = McpLoadDecider.Decide([Server("corp", McpScope.Enterprise), Server("mine", McpScope.User)], [], true);

        Assert.Equal(McpLoadState.Loads, decisions[0].State);
        Assert.Equal(McpLoadState.BlockedByPolicy, decisions[1].State);
    }

    [Theory]
    [InlineData("""{"deniedMcpServers":[{"serverName":"u"}]}""")]
    [InlineData("""{"deniedMcpServers":[{"serverCommand":["node","srv.js"]}]}""")]
    [InlineData("""{"allowedMcpServers":[]}""")]
    [InlineData("""{"allowedMcpServers":[{"serverName":"other"}]}""")]
    public void PolicyLists_BlockUserServer(string managed)
    {
        Assert.Equal(McpLoadState.BlockedByPolicy, One(Server("u", McpScope.User), true, Doc(SettingsSource.Managed, managed)).State);
    }

    [Fact]
    public void DenyBeatsAllow()
    {
        var decision = One(Server("u", McpScope.User), true, Doc(SettingsSource.Managed, """{"allowedMcpServers":[{"serverName":"u"}],"deniedMcpServers":[{"serverName":"u"}]}"""));

        Assert.Equal(McpLoadState.BlockedByPolicy, decision.State);
    }

    [Fact]
    public void UrlPattern_Matches()
    {
        var server = Server("r", McpScope.User, url: "https://api.corp.example.com/mcp");

        Assert.Equal(McpLoadState.Loads, One(server, true, Doc(SettingsSource.Managed, """{"allowedMcpServers":[{"serverUrl":"https://*.corp.example.com/*"}]}""")).State);
        Assert.Equal(McpLoadState.BlockedByPolicy, One(server, true, Doc(SettingsSource.Managed, """{"allowedMcpServers":[{"serverUrl":"https://*.other.com/*"}]}""")).State);
    }

    [Fact]
    public void AllowManagedOnly_IgnoresUserAllowlist()
    {
        var decision = One(Server("u", McpScope.User), true,
            Doc(SettingsSource.Managed, """{"allowManagedMcpServersOnly":true,"allowedMcpServers":[{"serverName":"corp"}]}"""),
            Doc(SettingsSource.User, """{"allowedMcpServers":[{"serverName":"u"}]}"""));

        Assert.Equal(McpLoadState.BlockedByPolicy, decision.State);
    }

    [Fact]
    public void SameName_LocalBeatsProjectBeatsUser()
    {
        var decisions = McpLoadDecider.Decide([Server("db", McpScope.User), Server("db", McpScope.Project), Server("db", McpScope.Local)], [], true);

        Assert.Equal([McpLoadState.Shadowed, McpLoadState.Shadowed, McpLoadState.Loads], decisions.Select(d => d.State));
    }

    [Fact]
    public void ToggledOff_IsDisabled()
    {
        var decision = McpLoadDecider.Decide([Server("u", McpScope.User)], [], true, new HashSet<string> { "u" }).Single();

        Assert.Equal(McpLoadState.Disabled, decision.State);
    }
}
