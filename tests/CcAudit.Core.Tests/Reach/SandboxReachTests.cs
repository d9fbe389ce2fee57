using System.Text.Json;
using CcAudit.Core.Reach;
using CcAudit.Core.Settings;

namespace CcAudit.Core.Tests.Reach;

/// <summary>The sandbox as a reach area: given its settings, what "on" still leaves open.</summary>
public sealed class SandboxReachTests
{
    private static SandboxReadNote? Note(params (SettingsSource Source, string Json)[] settings) =>
        new PermissionEngineReadPolicy("/home/dev/app", "/home/dev",
            [.. settings.Select(s => SettingsDocument.Inline(s.Source, JsonDocument.Parse(s.Json).RootElement))], true).Sandbox;

    private static string Line(SandboxReadNote note, string area) => Assert.Single(note.StillOpen, o => o.StartsWith(area + ":",
        StringComparison.Ordinal));

    [Fact]
    public void SandboxOnWithDefaults_StillReadsEverything_AndCanBeEscaped()
    {
        var note = Note((SettingsSource.User, """{"sandbox":{"enabled":true}}"""))!;

        Assert.Contains("every file the user can read (no filesystem.denyRead", Line(note, "reads"), StringComparison.Ordinal);
        Assert.Contains("no sandbox.credentials masking", Line(note, "reads"), StringComparison.Ordinal);
        Assert.Contains("dangerouslyDisableSandbox", Line(note, "escape"), StringComparison.Ordinal);
        Assert.Equal("network: no domain is allowed (new hosts prompt or are refused)", Line(note, "network"));
        Assert.Equal("writes: the working directories and $TMPDIR", Line(note, "writes"));
        Assert.Contains(note.StillOpen, o => o.StartsWith("not confined: only Bash", StringComparison.Ordinal));
        Assert.StartsWith("sandbox on; still open: reads:", note.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HardenedSandbox_HasNoEscapeLine_AndNamesWhatItDenies()
    {
        var note = Note(
            (SettingsSource.Managed,
                """{"sandbox":{"enabled":true,"allowUnsandboxedCommands":false,"network":{"allowedDomains":["registry.npmjs.org"]}}}"""),
            (SettingsSource.User,
                """{"sandbox":{"filesystem":{"denyRead":["~/.aws","~/.ssh"]},"credentials":{"envVars":[{"name":"GITHUB_TOKEN","mode":"mask"}]}}}"""))!;

        Assert.DoesNotContain(note.StillOpen, o => o.StartsWith("escape:", StringComparison.Ordinal));
        Assert.Contains("except filesystem.denyRead (~/.aws, ~/.ssh)", Line(note, "reads"), StringComparison.Ordinal);
        Assert.Contains("credentials named in sandbox.credentials masked", Line(note, "reads"), StringComparison.Ordinal);
        Assert.Equal("network: 1 domain(s) reachable (registry.npmjs.org)", Line(note, "network"));
    }

    [Fact]
    public void EveryHole_IsSaid_IncludingWebFetchDomainsThatMergeIntoTheAllowList()
    {
        var note = Note((SettingsSource.User, """
            {"permissions":{"allow":["WebFetch(domain:api.github.com)"]},
             "sandbox":{"enabled":true,"excludedCommands":["python:*","docker ps"],"autoAllowBashIfSandboxed":true,
               "enableWeakerNestedSandbox":true,
               "network":{"allowedDomains":["*.com"]},"filesystem":{"allowWrite":["~"],"denyWrite":["**/*.env","/etc/hosts"]}}}
            """))!;

        Assert.Equal("unsandboxed: excludedCommands python:*, docker ps run outside the sandbox (python:* run anything)", Line(note,
            "unsandboxed"));
        Assert.Equal("network: *.com admits any host", Line(note, "network"));
        Assert.Equal(["*.com", "api.github.com"], note.AllowedDomains);
        Assert.Equal("writes: the working directories, $TMPDIR and ~", Line(note, "writes"));
        Assert.Contains(note.StillOpen, o => o == "denyWrite globs **/*.env are ignored by the Linux sandbox");
        Assert.Contains("without asking", Line(note, "prompts"), StringComparison.Ordinal);
        Assert.Contains("sandbox.enableWeakerNestedSandbox", Line(note, "weakened"), StringComparison.Ordinal);
    }

    [Fact]
    public void SandboxOff_IsNull_AndWrongTypes_AreIgnoredNotCrashed()
    {
        Assert.Null(Note((SettingsSource.User, """{"sandbox":{"enabled":false,"excludedCommands":["*"]}}""")));
        Assert.Null(Note((SettingsSource.User, """{"sandbox":{"enabled":"yes"}}""")));

        var note = Note((SettingsSource.User,
            """{"sandbox":{"enabled":true,"excludedCommands":"python","network":{"allowedDomains":[1,null,"example.com"]}}}"""))!;

        Assert.Empty(note.ExcludedCommands);
        Assert.Equal(["example.com"], note.AllowedDomains);
    }

    [Fact]
    public void ReachReport_ShowsTheSandboxAsItsOwnList_InTextAndMarkdown()
    {
        var note = Note((SettingsSource.User, """{"sandbox":{"enabled":true,"excludedCommands":["bash"]}}"""))!;
        var report = new ReachReport([new LaunchReach("/home/dev/app", [], [], [], note, "verdict", [], [])], [], []);

        var text = ReachReportWriter.ToText(report);
        var md = ReachReportWriter.ToMarkdown(report);

        Assert.Contains("  sandbox on; what it still leaves open:\n    - reads:", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("\n- unsandboxed: excludedCommands bash run outside the sandbox (bash run anything)", md.ReplaceLineEndings("\n"),
            StringComparison.Ordinal);
        Assert.Contains("\"stillOpen\"", ReachReportWriter.ToJson(report), StringComparison.Ordinal);
    }
}
