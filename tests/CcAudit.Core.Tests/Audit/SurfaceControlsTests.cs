using System.Text.Json;
using CcAudit.Core.Audit;
using CcAudit.Core.Discovery;
using CcAudit.Core.Rules;
using CcAudit.Core.Settings;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Surface;

/// <summary>A machine whose managed policy leaves every control unset, with some of them set in the wrong tier instead.</summary>
public sealed class SurfaceControlsTests
{
    private static readonly string[] Controls =
    [
        "pluginConfigs.cc-plugin-sec-default@builtin.options.allowManagedModsOnly", "strictKnownMarketplaces", "blockedMarketplaces", "strictPluginOnlyCustomization",
        "disableSideloadFlags", "forceLoginMethod", "forceLoginOrgUUID", "allowedProviders", "requiredMinimumVersion", "disableAutoMode", "disableRemoteControl",
        "sandbox.enabled", "sandbox.failIfUnavailable", "sandbox.allowUnsandboxedCommands", "allowedHttpHookUrls", "permissions.blockWritesOutsideWorkingDirectories",
    ];

    private static readonly string[] Misplaced =
    [
        "strictKnownMarketplaces", "blockedMarketplaces", "strictPluginOnlyCustomization", "disableSideloadFlags", "allowedProviders", "requiredMinimumVersion",
        "requiredMaximumVersion", "policyHelper", "managedSourcesBehavior", "forceRemoteSettingsRefresh", "pluginConfigs.cc-plugin-sec-default@builtin.options.allowManagedModsOnly",
        "permissions.denyInsteadOfPrompting",
    ];

    [Fact]
    public void Each_unset_control_and_each_misplaced_key_is_a_finding_naming_it()
    {
        using var dir = new TempDir();
        var report = Audit(dir, managed: """{"permissions":{"disableBypassPermissionsMode":"disable"}}""").Report;

        var unset = report.Findings.Where(f => f.RuleId == "CCA461").Select(f => f.Subject).ToList();
        Assert.Equal(Controls.Order(StringComparer.Ordinal), unset.Order(StringComparer.Ordinal));
        Assert.All(report.Findings.Where(f => f.RuleId == "CCA461"), f => Assert.Contains(f.Subject!, f.Message, StringComparison.Ordinal));

        var misplaced = report.Findings.Where(f => f.RuleId == "CCA460").Select(f => f.Subject).Distinct().ToList();
        Assert.Equal(Misplaced.Order(StringComparer.Ordinal), misplaced.Order(StringComparer.Ordinal));
        Assert.Contains(report.Findings, f => f.RuleId == "CCA460" && f.Subject == "strictKnownMarketplaces" && f.Location!.Path.EndsWith("/home/.claude/settings.json", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.RuleId == "CCA460" && f.Subject == "disableSideloadFlags" && f.Location!.Path.EndsWith("/proj/.claude/settings.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Misplaced_locks_are_not_in_force_in_the_effective_settings()
    {
        using var dir = new TempDir();
        var scan = Audit(dir, managed: """{"disableAutoMode":"disable"}""").Scan;
        var launch = Assert.Single(scan.Launches, l => l.Path.EndsWith("/proj", StringComparison.Ordinal));
        Assert.Null(launch.Settings.Get("strictKnownMarketplaces"));
        Assert.Null(launch.Settings.Get("disableSideloadFlags"));
        Assert.Equal(SettingsSource.User, launch.Settings.Get("permissions.denyInsteadOfPrompting")!.Source);
        Assert.Empty(launch.Settings.Get("permissions.denyInsteadOfPrompting")!.Overridden);
        Assert.Equal("disable", launch.Settings.GetString("disableAutoMode"));
        Assert.True(launch.Settings.GetBool("sandbox.enabled"));
    }

    [Fact]
    public void A_managed_policy_that_sets_every_control_leaves_none_unset()
    {
        using var dir = new TempDir();
        var report = Audit(dir, managed: CcAudit.Core.Rules.Catalog.ManagedControlUnsetRule.Satisfied(except: null)).Report;
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "CCA461");
    }

    [Fact]
    public void No_managed_policy_means_no_unset_control_findings_only_CCA451()
    {
        using var dir = new TempDir();
        var report = Audit(dir, managed: null).Report;
        Assert.DoesNotContain(report.Findings, f => f.RuleId == "CCA461");
        Assert.Contains(report.Findings, f => f.RuleId == "CCA451");
    }

    internal static (ScanResult Scan, CcAudit.Core.Reports.AuditReport Report) Audit(TempDir dir, string? managed, BaselinePolicy? baseline = null)
    {
        if (managed is not null)
        {
            dir.Write("managed/managed-settings.json", managed);
        }

        dir.Write("home/.claude/settings.json", """
            {"strictKnownMarketplaces":[],"blockedMarketplaces":[{"source":"github","repo":"evil/*"}],"allowedProviders":["anthropic"],
             "requiredMinimumVersion":"2.1.300","requiredMaximumVersion":"2.1.400","policyHelper":{"path":"/opt/p"},"managedSourcesBehavior":"merge",
             "forceRemoteSettingsRefresh":true,"permissions":{"denyInsteadOfPrompting":true},"sandbox":{"enabled":true}}
            """);
        dir.Write("proj/.claude/settings.json", """
            {"disableSideloadFlags":true,"strictPluginOnlyCustomization":true,"permissions":{"denyInsteadOfPrompting":true},
             "pluginConfigs":{"cc-plugin-sec-default@builtin":{"options":{"allowManagedModsOnly":true}}}}
            """);
        var options = new ScanOptions([dir.Combine("home")], false, dir.Combine("managed"), [dir.Combine("proj")], PathMap.None, new Dictionary<string, string?>());
        return Auditor.Run(options, new AuditOptions { Baseline = baseline });
    }
}
