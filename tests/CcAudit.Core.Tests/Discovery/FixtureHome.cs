using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary>A scratch copy of the real-binary fixture (TestData/Discovery/fixture), with the .git directories git cannot hold.</summary>
internal sealed class FixtureHome : IDisposable
{
    public const string RecordedHome = "/tmp/fx/home";

    private readonly TempDir _dir = new();

    public FixtureHome()
    {
        Copy(TestEnvironment.TestData("Discovery", "fixture"), _dir.Path);
        Directory.CreateDirectory(Path.Combine(Home, "work", "app", ".git"));
        Directory.CreateDirectory(Path.Combine(Home, "work", "untrusted-repo", ".git"));
    }

    public string Root => _dir.Path;

    public string Home => Path.Combine(_dir.Path, "home");

    public string Managed => Path.Combine(_dir.Path, "managed");

    public string App => Path.Combine(Home, "work", "app");

    public string Untrusted => Path.Combine(Home, "work", "untrusted-repo");

    public ScanOptions Options(params string[] projects) =>
        new([Home], false, Managed, projects, new PathMap([(RecordedHome, Home)]), new Dictionary<string, string?> { ["HOME"] = Home });

    public void Dispose() => _dir.Dispose();

    private static void Copy(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }

        File.SetUnixFileMode(Path.Combine(to, "home", ".claude", ".credentials.json"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
