using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Discovery;

/// <summary><c>--all-users</c> against a fake user database and home root, so the result does not depend on the machine running the tests.</summary>
public sealed class AllUsersTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ScanOptions Options(string passwd) =>
        new ScanOptions([], true, _dir.Combine("no-managed"), [], PathMap.None, new Dictionary<string, string?> { ["HOME"] = _dir.Combine("me") })
        {
            PasswdFile = passwd,
            HomeRoot = _dir.Combine("home"),
        };

    [Fact]
    public void Locate_FindsPasswdAndHomeRootUsers_NotesMissingLoginHome_IgnoresSystemUsers()
    {
        _dir.Write("me/.claude/settings.json", "{}");
        _dir.Write("home/alice/.claude/settings.json", "{}");
        _dir.Write("srv/bob/.claude/settings.json", "{}");
        Directory.CreateDirectory(_dir.Combine("home", "carol"));
        var gone = _dir.Combine("home-gone", "dave");
        var passwd = _dir.Write("passwd", $"""
            root:x:0:0:root:/:/bin/bash
            nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
            alice:x:1000:1000::{_dir.Combine("home", "alice")}:/bin/bash
            bob:x:1001:1001::{_dir.Combine("srv", "bob")}:/bin/zsh
            dave:x:1002:1002::{gone}:/bin/bash
            daemon:x:1:1:daemon:{_dir.Combine("srv")}:/bin/false
            not a passwd line
            """);

        var (homes, diagnostics) = ClaudeHomeLocator.Locate(Options(passwd));

        Assert.Equal(
            [_dir.Combine("me"), _dir.Combine("home", "alice"), _dir.Combine("home", "carol"), _dir.Combine("srv", "bob")],
            homes.Select(h => h.UserHome));
        Assert.All(homes.Skip(1), h => Assert.Equal("all users", h.Origin));
        var missing = Assert.Single(diagnostics);
        Assert.Equal(DiagnosticCodes.FileMissing, missing.Code);
        Assert.Equal(gone, missing.Location!.Path);
    }

    [Fact]
    public void Locate_MissingPasswdAndHomeRoot_AreDiagnosedAndTheCurrentUserStillFound()
    {
        var (homes, diagnostics) = ClaudeHomeLocator.Locate(Options(_dir.Combine("no-passwd")));

        Assert.Equal([_dir.Combine("me")], homes.Select(h => h.UserHome));
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.FileMissing && d.Location!.Path == _dir.Combine("no-passwd"));
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.DirectoryUnreadable && d.Location!.Path == _dir.Combine("home"));
    }
}
