using System.Text;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Discovery.Mdm;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

public sealed class MdmSourcesTests
{
    [Theory]
    [InlineData("com.anthropic.claudecode.plist")]
    [InlineData("com.anthropic.claudecode.mobileconfig")]
    public void Anthropics_mdm_examples_deliver_their_settings(string file)
    {
        var (settings, diagnostics) = PlistReader.ReadSettings(TestEnvironment.TestData("Mdm", file));
        Assert.Empty(diagnostics);
        Assert.Equal("""{"permissions":{"disableBypassPermissionsMode":"disable"}}""", settings!.ToJsonString());
    }

    [Fact]
    public void A_profile_with_a_claudecode_payload_and_every_value_type()
    {
        using var dir = new TempDir();
        var path = dir.Write("p.mobileconfig", """
            <?xml version="1.0" encoding="UTF-8"?>
            <plist version="1.0"><dict><key>PayloadContent</key><array><dict>
              <key>PayloadType</key><string>com.anthropic.claudecode</string><key>PayloadUUID</key><string>x</string>
              <key>cleanupPeriodDays</key><integer>90</integer><key>ratio</key><real>0.5</real><key>disableSideloadFlags</key><true/>
              <key>blob</key><data>aGk=</data><key>when</key><date>2026-01-01T00:00:00Z</date><key>strictKnownMarketplaces</key><array/>
              <key>sandbox</key><dict><key>enabled</key><false/></dict>
            </dict></array></dict></plist>
            """);
        var (settings, diagnostics) = PlistReader.ReadSettings(path);
        Assert.Empty(diagnostics);
        Assert.Equal("""{"cleanupPeriodDays":90,"ratio":0.5,"disableSideloadFlags":true,"blob":"aGk=","when":"2026-01-01T00:00:00Z","strictKnownMarketplaces":[],"sandbox":{"enabled":false}}""",
            settings!.ToJsonString());
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE plist [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><plist><dict><key>a</key><string>&x;</string></dict></plist>")]
    [InlineData("<plist><dict><key>a</key></dict></plist>")]
    [InlineData("<plist><dict><string>no key</string></dict></plist>")]
    [InlineData("<plist><dict><key>a</key><integer>twelve</integer></dict></plist>")]
    [InlineData("<html><body/></html>")]
    [InlineData("<plist><dict><key>a</key><string>unclosed")]
    [InlineData("bplist00\u0001\u0002")]
    [InlineData("<plist><array/></plist>")]
    public void Hostile_or_malformed_plists_are_diagnostics(string text)
    {
        using var dir = new TempDir();
        var (settings, diagnostics) = PlistReader.ReadSettings(dir.Write("bad.plist", text));
        Assert.Null(settings);
        Assert.Contains(diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.DoesNotContain(diagnostics, d => d.Message.Contains("root:", StringComparison.Ordinal));
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_a_diagnostic_not_a_stack_overflow()
    {
        using var dir = new TempDir();
        var deep = string.Concat(Enumerable.Repeat("<array>", 5000)) + string.Concat(Enumerable.Repeat("</array>", 5000));
        var (settings, diagnostics) = PlistReader.ReadSettings(dir.Write("deep.plist", $"<plist><dict><key>a</key>{deep}</dict></plist>"));
        Assert.Null(settings);
        Assert.Contains("64 levels", Assert.Single(diagnostics).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_regedit_export_gives_hklm_and_hkcu_settings()
    {
        var (policy, diagnostics) = RegistryExportReader.Read(TestEnvironment.TestData("Mdm", "claudecode-policy.reg"));
        Assert.Empty(diagnostics);
        Assert.Equal("""{"permissions":{"disableBypassPermissionsMode":"disable"},"disableSideloadFlags":true,"env":{"OTEL_EXPORTER_OTLP_ENDPOINT":"https://otel.corp.example.com"}}""", policy!.Machine);
        Assert.Equal("""{"cleanupPeriodDays": 7}""", policy.User);
    }

    [Theory]
    [InlineData("REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\ClaudeCode]\r\n\"Settings\"=hex(2):zz,00\r\n", "neither a string")]
    [InlineData("just text\r\n", "not a registry export")]
    [InlineData("", "not a registry export")]
    public void Malformed_exports_are_diagnostics(string text, string message)
    {
        var (_, diagnostics) = RegistryExportReader.Parse(Encoding.UTF8.GetBytes(text), "x.reg");
        Assert.Contains(diagnostics, d => d.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_plist_wins_over_managed_settings_json_under_first_wins_and_the_scan_says_so()
    {
        using var dir = new TempDir();
        dir.Write("managed/managed-settings.json", """{"disableAutoMode":"disable"}""");
        var scan = Scan(dir, plist: TestEnvironment.TestData("Mdm", "com.anthropic.claudecode.mobileconfig"));
        Assert.Equal("MDM plist", scan.Managed.InForce);
        Assert.Equal(["managed-settings.json"], scan.Managed.Shadowed);
        Assert.Equal("MDM plist", scan.Inventory.Managed.InForce);
        var launch = scan.Launches[0];
        Assert.Equal("disable", launch.Settings.GetString("permissions.disableBypassPermissionsMode"));
        Assert.Null(launch.Settings.Get("disableAutoMode"));
        Assert.Contains(ManagedSourceFindings.Instance.Analyze(RuleContext.FromScan(scan)), f => f.RuleId == "CCA474" && f.Message.StartsWith("MDM plist is the managed tier; managed-settings.json", StringComparison.Ordinal));
    }

    [Fact]
    public void Hklm_is_a_managed_source_and_hkcu_counts_only_when_nothing_else_delivers_a_policy()
    {
        using var dir = new TempDir();
        var registry = TestEnvironment.TestData("Mdm", "claudecode-policy.reg");
        var withHklm = Scan(dir, registry: registry);
        Assert.Equal("HKLM", withHklm.Managed.InForce);
        Assert.True(withHklm.Launches[0].Settings.GetBool("disableSideloadFlags"));
        Assert.Null(withHklm.Launches[0].Settings.Get("cleanupPeriodDays"));

        var userOnly = dir.Write("user.reg", "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\SOFTWARE\\Policies\\ClaudeCode]\r\n\"Settings\"=\"{\\\"cleanupPeriodDays\\\":7}\"\r\n");
        var withHkcu = Scan(dir, registry: userOnly);
        Assert.Equal("HKCU", withHkcu.Managed.InForce);
        Assert.Equal(7, withHkcu.Launches[0].Settings.Get("cleanupPeriodDays")!.Value.GetInt32());
    }

    [Fact]
    public void An_empty_server_managed_copy_is_reported_and_the_local_files_stay_in_force()
    {
        using var dir = new TempDir();
        dir.Write("managed/managed-settings.json", """{"disableAutoMode":"disable"}""");
        dir.Write("home/.claude/remote-settings.json", "{}");
        var scan = Scan(dir);
        Assert.Equal("disable", scan.Launches[0].Settings.GetString("disableAutoMode"));
        Assert.Contains(ManagedSourceFindings.Instance.Analyze(RuleContext.FromScan(scan)), f => f.Subject == "remote-settings.json" && f.Message.Contains("known failure", StringComparison.Ordinal));
    }

    private static ScanResult Scan(TempDir dir, string? plist = null, string? registry = null)
    {
        Directory.CreateDirectory(dir.Combine("proj"));
        Directory.CreateDirectory(dir.Combine("home", ".claude"));
        return InventoryScanner.Scan(new ScanOptions([dir.Combine("home")], false, dir.Combine("managed"), [dir.Combine("proj")], PathMap.None, new Dictionary<string, string?>())
        {
            ManagedPlist = plist,
            ManagedRegistry = registry,
        });
    }
}
