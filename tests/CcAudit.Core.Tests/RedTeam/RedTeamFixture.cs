using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.RedTeam;

/// <summary>A scratch copy of TestData/RedTeam/moderate: the public "moderate" preset as project settings, with secrets around it.</summary>
internal sealed class RedTeamFixture : IDisposable
{
    public const string RecordedHome = "/tmp/rt/home";

    private readonly TempDir _dir = new();

    public RedTeamFixture()
    {
        var from = TestEnvironment.TestData("RedTeam", "moderate");
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(_dir.Path, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(_dir.Path, Path.GetRelativePath(from, file)));
        }

        Directory.CreateDirectory(Path.Combine(App, ".git"));
    }

    public string Home => Path.Combine(_dir.Path, "home");

    public string App => Path.Combine(Home, "work", "webapp");

    public TempDir Dir => _dir;

    public ScanOptions Options(params string[] projects) =>
        new([Home], false, Path.Combine(_dir.Path, "managed"), projects, new PathMap([(RecordedHome, Home)]), new Dictionary<string, string?> { ["HOME"] = Home });

    public void Dispose() => _dir.Dispose();
}
