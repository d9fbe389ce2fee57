using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Mcp;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Discovery;

public sealed class InventoryScannerTests : IDisposable
{
    private static readonly string[] FixtureSecrets =
    [
        "ghp_FAKEfake0123456789abcdefghijklmnopqrs", "correct-horse-battery-staple", "s3cretpw",
        "sk-ant-api03-FIXTUREfixtureFIXTUREfixture0123456789", "sk-ant-api03-USERenvKEYvalue0000000000000000",
    ];

    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Scan_FindsEveryHomeIncludingConfigDirsFromShellProfiles()
    {
        var result = InventoryScanner.Scan(_fixture.Options());

        var homes = result.Inventory.Homes;
        Assert.Equal(3, homes.Count);
        Assert.Equal("--home", homes[0].Origin);
        Assert.Contains(homes, h => h.ConfigDir == Path.Combine(_fixture.Home, ".claude-work") && h.Origin.EndsWith(".zshrc:2", StringComparison.Ordinal) && h.Exists);
        Assert.Contains(homes, h => h.ConfigDir == Path.Combine(_fixture.Home, ".claude-personal") && !h.Exists);
    }

    [Fact]
    public void Scan_FindsLaunchDirectoriesFromEveryRecord_MappedToTheCopy()
    {
        var result = InventoryScanner.Scan(_fixture.Options());

        var app = result.Inventory.LaunchDirectories.Single(l => l.Path == _fixture.App);
        Assert.Contains("claude.json projects", app.Sources);
        Assert.Contains("transcript", app.Sources);
        Assert.Contains("githubRepoPaths acme/app", app.Sources);
        Assert.Contains("/tmp/fx/home/work/app", app.RecordedAs);
        Assert.True(app.Trusted);
        Assert.Equal(_fixture.App, app.GitRoot);
        var other = result.Inventory.LaunchDirectories.Single(l => l.Path.EndsWith("/work/other", StringComparison.Ordinal));
        Assert.Equal(["history.jsonl"], other.Sources);
        Assert.False(other.Exists);
        Assert.False(result.Inventory.LaunchDirectories.Single(l => l.Path == _fixture.Untrusted).Trusted);
    }

    [Fact]
    public void Scan_EffectiveSettingsOfTrustedApp_MergeEveryTierWithProvenance()
    {
        var app = InventoryScanner.Scan(_fixture.Options()).Launches.Single(l => l.Path == _fixture.App);

        Assert.Equal("acceptEdits", app.Settings.GetString("permissions.defaultMode"));
        Assert.Equal(120, app.Settings.Get("cleanupPeriodDays")!.Value.GetInt32());
        Assert.EndsWith("10-telemetry.json", app.Settings.Get("cleanupPeriodDays")!.Location.Path, StringComparison.Ordinal);
        var python = app.Settings.PermissionRules.Single(r => r.Rule == "Bash(python3 -c *)");
        Assert.Equal(SettingsSource.Local, python.Source);
        Assert.Equal(Path.Combine(_fixture.App, ".claude", "settings.local.json"), python.Location.Path);
        Assert.Equal(3, python.Location.Line);
        Assert.Contains(app.Settings.PermissionRules, r => r.Rule == "Bash(rm -rf *)" && r.Source == SettingsSource.Managed && r.List == PermissionList.Deny);
        Assert.Contains(app.Settings.PermissionRules, r => r.Rule == "Read(~/.ssh/**)" && r.Source == SettingsSource.User);
        Assert.Contains(app.Settings.Hooks, h => h.Event == "SessionStart" && h.Command!.Contains("hooks.example.com", StringComparison.Ordinal));
        Assert.All(app.Settings.PermissionRules, r => Assert.True(r.Applied));
    }

    [Fact]
    public void Scan_UntrustedRepo_DropsItsAllowRulesAndApprovals()
    {
        var untrusted = InventoryScanner.Scan(_fixture.Options()).Launches.Single(l => l.Path == _fixture.Untrusted);

        Assert.False(untrusted.Settings.PermissionRules.Single(r => r.Rule == "Bash").Applied);
        Assert.Null(untrusted.Settings.Get("permissions.additionalDirectories"));
        var fetcher = untrusted.McpDecisions.Single(d => d.Server.Name == "fetcher");
        Assert.Equal(McpLoadState.PendingApproval, fetcher.State);
    }

    [Fact]
    public void Scan_McpServersOfEveryScope_WithTokensRedacted()
    {
        var inventory = InventoryScanner.Scan(_fixture.Options()).Inventory;

        var remote = inventory.McpServers.Single(s => s.Name == "remote-docs");
        Assert.Equal(("user", "http"), (remote.Scope, remote.Transport));
        Assert.Equal("header", Assert.Single(remote.Tokens).Where);
        var db = inventory.McpServers.Single(s => s.Name == "db");
        Assert.Equal("local", db.Scope);
        Assert.Equal(2, db.Tokens.Count);
        Assert.Equal("loads", db.LoadState);
        var fs = inventory.McpServers.Single(s => s.Name == "fs");
        Assert.Equal(("project", "loads"), (fs.Scope, fs.LoadState));
        Assert.Equal(3, fs.Location.Line);
    }

    [Fact]
    public void Scan_ReportsWhatItCouldNotSee()
    {
        var diagnostics = InventoryScanner.Scan(_fixture.Options()).Inventory.Diagnostics;

        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonMalformed && d.Location!.Path.EndsWith("30-malformed.json", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonLenient && d.Location!.Path.EndsWith("20-broken.json", StringComparison.Ordinal));
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTruncated && d.Location!.Path.EndsWith("history.jsonl", StringComparison.Ordinal));

        // Claude Code skips a non-.json drop-in: said, as information when it is no settings object (a README).
        var readme = Assert.Single(diagnostics, d => d.Location?.Path.EndsWith("README.txt", StringComparison.Ordinal) == true);
        Assert.Equal(DiagnosticCodes.NeverLoaded, readme.Code);
        Assert.Equal(DiagnosticSeverity.Info, readme.Severity);
    }

    [Fact]
    public void Scan_CredentialsPresenceAndModeButNeverContent()
    {
        var home = InventoryScanner.Scan(_fixture.Options()).Inventory.Homes[0];

        Assert.True(home.CredentialsPresent);
        Assert.Equal("644", home.CredentialsMode);
        Assert.StartsWith("sk-ant-api03-…", home.PrimaryApiKey!.Display, StringComparison.Ordinal);
        Assert.Equal(1, home.Transcripts);
    }

    [Fact]
    public void Scan_JsonHoldsNoSecretValue()
    {
        var json = JsonSerializer.Serialize(InventoryScanner.Scan(_fixture.Options()).Inventory, AuditJson.Options);

        foreach (var secret in FixtureSecrets)
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scan_ExplicitProject_IsAddedWithItsSource()
    {
        var extra = Path.Combine(_fixture.Root, "elsewhere");
        Directory.CreateDirectory(extra);

        var launch = InventoryScanner.Scan(_fixture.Options(extra)).Inventory.LaunchDirectories.Single(l => l.Path == extra);

        Assert.Equal(["--project"], launch.Sources);
    }

    [Fact]
    public void Scan_ManagedPolicyFilesAndComposition()
    {
        var managed = InventoryScanner.Scan(_fixture.Options()).Inventory.Managed;

        Assert.True(managed.Present);
        Assert.Equal("first-wins", managed.Composition);
        Assert.Equal(["managed-settings", "managed-dropin", "managed-dropin", "managed-dropin", "managed-dropin-ignored"], managed.Files.Select(f => f.Kind));
        Assert.False(managed.Files.Single(f => f.Path.EndsWith("30-malformed.json", StringComparison.Ordinal)).Readable);
    }
}
