using System.Text;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>Hostile and broken homes: every problem is a diagnostic with the file, the scan goes on, nothing is reported clean that was not read.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Home => _dir.Combine("home");

    private ScanResult ScanWith(params string[] projects) =>
        InventoryScanner.Scan(new ScanOptions([Home], false, _dir.Combine("no-managed"), projects, PathMap.None, new Dictionary<string, string?>()));

    private string Project(string name, string settingsJson)
    {
        var dir = _dir.Combine(name);
        _dir.Write(Path.Combine(name, ".claude", "settings.json"), settingsJson);
        return dir;
    }

    [Theory]
    [InlineData("{\"permissions\": {\"allow\": [\"Bash\"", DiagnosticCodes.JsonMalformed)]
    [InlineData("", DiagnosticCodes.JsonEmpty)]
    [InlineData("{ // c\n \"permissions\": {\"allow\": [\"Bash\",]}}", DiagnosticCodes.JsonLenient)]
    [InlineData("[1,2,3]", DiagnosticCodes.JsonWrongType)]
    public void ProjectSettings_Broken_IsDiagnosedAndScanContinues(string content, string code)
    {
        var project = Project("p", content);
        var good = Project("q", """{"permissions":{"deny":["Bash(rm *)"]}}""");

        var result = ScanWith(project, good);

        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == code && d.Location!.Path.StartsWith(project, StringComparison.Ordinal));
        Assert.Equal(1, result.Inventory.LaunchDirectories.Single(l => l.Path == good).DenyRules);
    }

    [Fact]
    public void UnreadableSettingsFile_IsNotReportedAsReadable()
    {
        var project = Project("p", "{\"x\":");

        var launch = ScanWith(project).Inventory.LaunchDirectories.Single();

        var file = launch.Files.Single(f => f.Kind == "project-settings");
        Assert.True(file.Exists);
        Assert.False(file.Readable);
    }

    [Fact]
    public void HugeSparseSettingsFile_IsSkippedWithoutReadingIt()
    {
        var project = _dir.Combine("big");
        Directory.CreateDirectory(Path.Combine(project, ".claude"));
        using (var stream = File.Create(Path.Combine(project, ".claude", "settings.json")))
        {
            stream.SetLength(3L * 1024 * 1024 * 1024);
        }

        var before = GC.GetTotalAllocatedBytes();
        var result = ScanWith(project);

        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge);
        Assert.True(GC.GetTotalAllocatedBytes() - before < 512L * 1024 * 1024);
    }

    [Fact]
    public void HugeSparseTranscript_IsRejectedAtOnceAsBinary()
    {
        var transcript = _dir.Combine("home", ".claude", "projects", "-big", "s.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(transcript)!);
        using (var stream = File.Create(transcript))
        {
            stream.SetLength(5L * 1024 * 1024 * 1024);
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = ScanWith();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.FileBinary && d.Location!.Path == transcript);
    }

    [Fact]
    public void BinarySettingsFile_IsDiagnosed()
    {
        var project = _dir.Combine("bin");
        _dir.WriteBytes(Path.Combine("bin", ".claude", "settings.json"), [0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]);

        Assert.Contains(ScanWith(project).Inventory.Diagnostics, d => d.Code == DiagnosticCodes.FileBinary);
    }

    [Fact]
    public void SymlinkLoop_AsSettingsFile_IsDiagnosed()
    {
        var project = _dir.Combine("loop");
        Directory.CreateDirectory(Path.Combine(project, ".claude"));
        File.CreateSymbolicLink(Path.Combine(project, ".claude", "settings.json"), Path.Combine(project, ".claude", "other.json"));
        File.CreateSymbolicLink(Path.Combine(project, ".claude", "other.json"), Path.Combine(project, ".claude", "settings.json"));

        Assert.Contains(ScanWith(project).Inventory.Diagnostics, d => d.Code == DiagnosticCodes.SymlinkLoop);
    }

    [Fact]
    public void SymlinkLoop_InTranscriptTree_DoesNotHang()
    {
        var projects = Path.Combine(Home, ".claude", "projects", "-x");
        Directory.CreateDirectory(projects);
        Directory.CreateSymbolicLink(Path.Combine(projects, "again"), Path.Combine(Home, ".claude", "projects"));

        var result = ScanWith();

        Assert.Empty(result.Inventory.LaunchDirectories);
    }

    [Fact]
    public void GlobalConfigWithWrongTypes_IsTolerated()
    {
        _dir.Write(Path.Combine("home", ".claude.json"), """{"projects":["not","a","map"],"mcpServers":"nope","githubRepoPaths":{"a/b":"x"}}""");

        var result = ScanWith();

        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.JsonWrongType);
        Assert.Empty(result.Inventory.LaunchDirectories);
    }

    [Fact]
    public void TranscriptWithJunk_YieldsCwdAndDiagnostics()
    {
        var transcript = new StringBuilder()
            .Append("not json at all\n")
            .Append('{').Append("\"type\":\"user\",\"cwd\":\"/srv/odd path/ü\\nnew\"}\n")
            .Append(new string('x', 2 * 1024 * 1024)).Append('\n')
            .ToString();
        _dir.Write(Path.Combine("home", ".claude", "projects", "-srv", "s.jsonl"), transcript);

        var result = ScanWith();

        Assert.Contains(result.Inventory.LaunchDirectories, l => l.Path == "/srv/odd path/ü\nnew");
        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.JsonlLineMalformed);
    }

    [Fact]
    public void TwoMebibyteHistoryLine_IsReadByDiscoveryAndActivityAlike()
    {
        var display = new string('p', 2 * 1024 * 1024);
        _dir.Write(Path.Combine("home", ".claude", "history.jsonl"),
            $"{{\"display\":\"{display}\",\"project\":\"/big\",\"timestamp\":1764547200000}}\n{{\"display\":\"x\",\"project\":\"/small\",\"timestamp\":1764547200000}}\n");

        var result = ScanWith();
        var diagnostics = new List<Diagnostic>();
        var activity = CcAudit.Core.Activity.ActivityReader.Read(result.Homes.Select(h => h.Home), diagnostics);

        Assert.Equal(["/big", "/small"], result.Inventory.LaunchDirectories.Select(l => l.Path).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTooLong);
        Assert.Equal(1, activity.History.Single(h => h.Project == "/big").Prompts);
        Assert.DoesNotContain(diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTooLong);
    }

    [Fact]
    public void OversizedAndTruncatedHistoryLines_AreCountedNotFatal()
    {
        _dir.Write(Path.Combine("home", ".claude", "history.jsonl"), "{\"project\":\"/a\"}\n" + new string('y', JsonlLimits.MaxLineBytes + 1) + "\n{\"project\":\"/b\"}\n{\"project\":\"/c");

        var result = ScanWith();

        Assert.Equal(["/a", "/b"], result.Inventory.LaunchDirectories.Select(l => l.Path));
        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTooLong);
        Assert.Contains(result.Inventory.Diagnostics, d => d.Code == DiagnosticCodes.JsonlLineTruncated);
    }

    [Fact]
    public void ProjectsDirectoryThatIsAFile_IsNotAnError()
    {
        _dir.Write(Path.Combine("home", ".claude", "projects"), "a file where a directory belongs");

        var result = ScanWith();

        Assert.Empty(result.Inventory.LaunchDirectories);
    }
}
