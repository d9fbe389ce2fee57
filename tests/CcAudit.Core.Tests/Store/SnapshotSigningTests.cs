using System.Text.Json.Nodes;
using CcAudit.Core.Audit;
using CcAudit.Core.Common;
using CcAudit.Core.Reports;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.Discovery;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Store;

public sealed class SnapshotSigningTests : IDisposable
{
    private readonly FixtureHome _fixture = new();
    private readonly TempDir _dir = new();
    private readonly AuditReport _report;
    private readonly CollectorKey _collector;
    private readonly CollectorKey _stranger;

    public SnapshotSigningTests()
    {
        _report = Auditor.Run(_fixture.Options(), new AuditOptions()).Report;
        _collector = CollectorKey.LoadOrCreate(_dir.Combine("keys", "collector.pem"), create: true);
        _stranger = CollectorKey.LoadOrCreate(_dir.Combine("keys", "stranger.pem"), create: true);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _stranger.Dispose();
        _fixture.Dispose();
        _dir.Dispose();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SnapshotTrust TrustCollector(bool allowUnsigned = false) => new(new HashSet<string> { _collector.Fingerprint }, allowUnsigned);

    private async Task<string> WriteAsync(string name, CollectorKey? key, string machine = "laptop-1")
    {
        var path = _dir.Combine("inbox", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var report = _report with { Inventory = _report.Inventory with { Machine = _report.Inventory.Machine with { Hostname = machine } } };
        await SnapshotFile.WriteAsync(report, path, key, Ct);
        return path;
    }

    [Fact]
    public async Task Signed_RoundTrip_VerifiesAndNamesTheSigner_WithoutThePrivateKey()
    {
        var path = await WriteAsync("a.json", _collector);

        var read = SnapshotFile.Open(path);

        Assert.True(read.HasValue, string.Join("; ", read.Diagnostics.Select(d => d.Message)));
        Assert.Equal(_collector.Fingerprint, read.Value!.Signer);
        var text = File.ReadAllText(path);
        Assert.Contains(SnapshotFile.Algorithm, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain(PrivateKeyBody("collector.pem"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_ReportChangedAndHashRecomputed_IsRefusedAsTampered()
    {
        var original = JsonNode.Parse(File.ReadAllText(await WriteAsync("a.json", _collector)))!;
        // The forger edits the report and writes a consistent sha256 for it, keeping the collector's signature.
        var forgedPath = await WriteAsync("forged.json", null, machine: "laptop-9");
        var forged = JsonNode.Parse(File.ReadAllText(forgedPath))!;
        Assert.NotEqual(original["sha256"]!.GetValue<string>(), forged["sha256"]!.GetValue<string>());
        Assert.True(SnapshotFile.Open(forgedPath).HasValue);
        forged["signature"] = original["signature"]!.DeepClone();
        File.WriteAllText(forgedPath, forged.ToJsonString());

        var read = SnapshotFile.Open(forgedPath);

        Assert.False(read.HasValue);
        Assert.Equal(DiagnosticCodes.SnapshotTampered, Assert.Single(read.Diagnostics).Code);
    }

    [Theory]
    [InlineData("value")]
    [InlineData("publicKey")]
    public async Task Signature_Damaged_IsRefusedAsTampered(string field)
    {
        var path = await WriteAsync("a.json", _collector);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        var swap = _stranger.PublicKey;
        node["signature"]![field] = field == "publicKey" ? Convert.ToBase64String(swap) : 42;
        File.WriteAllText(path, node.ToJsonString());

        Assert.Equal(DiagnosticCodes.SnapshotTampered, Assert.Single(SnapshotFile.Open(path).Diagnostics).Code);
    }

    [Fact]
    public async Task Import_SignedByTrustedKey_IsImportedWithItsSigner_UntrustedAndUnsignedAreRefused()
    {
        await WriteAsync("a-trusted.json", _collector, "laptop-1");
        await WriteAsync("b-stranger.json", _stranger, "laptop-2");
        await WriteAsync("c-unsigned.json", null, "laptop-3");
        await using var store = await SqliteSnapshotStore.OpenAsync(_dir.Combine("fleet.db"), Ct);

        var outcomes = await FleetImporter.ImportAsync(store, [_dir.Combine("inbox")], TrustCollector(), cancellationToken: Ct);

        Assert.Equal([FleetImporter.Imported, FleetImporter.Rejected, FleetImporter.Rejected], outcomes.Select(o => o.Result));
        Assert.Equal(_collector.Fingerprint, outcomes[0].Signer);
        Assert.Equal(DiagnosticCodes.SnapshotUntrusted, outcomes[1].Problem!.Code);
        Assert.Contains(_stranger.Fingerprint, outcomes[1].Problem!.Message, StringComparison.Ordinal);
        Assert.Equal(DiagnosticCodes.SnapshotUnsigned, outcomes[2].Problem!.Code);
        Assert.Equal(["laptop-1"], (await store.ListAsync(Ct)).Select(s => s.Machine));
    }

    [Fact]
    public async Task Import_Unsigned_PassesOnlyWhenAllowed_AndIsReportedUnsigned()
    {
        await WriteAsync("c-unsigned.json", null, "laptop-3");
        await using var store = await SqliteSnapshotStore.OpenAsync(_dir.Combine("fleet.db"), Ct);

        var outcome = Assert.Single(await FleetImporter.ImportAsync(store, [_dir.Combine("inbox")], TrustCollector(allowUnsigned: true), cancellationToken: Ct));

        Assert.Equal((FleetImporter.Imported, (string?)null), (outcome.Result, outcome.Signer));
    }

    [Fact]
    public async Task Import_IntoPostgres_AcceptsTrustedAndRefusesForged()
    {
        await WriteAsync("a.json", _collector, "laptop-1");
        await WriteAsync("b.json", _stranger, "laptop-2");
        await using var store = await PostgresSnapshotStore.OpenAsync(TestEnvironment.PostgresConnectionString, "t_" + Guid.NewGuid().ToString("N")[..12], Ct);

        var outcomes = await FleetImporter.ImportAsync(store, [_dir.Combine("inbox")], TrustCollector(), cancellationToken: Ct);

        Assert.Equal([FleetImporter.Imported, FleetImporter.Rejected], outcomes.Select(o => o.Result));
        Assert.Equal(["laptop-1"], (await store.ListAsync(Ct)).Select(s => s.Machine));
    }

    [Fact]
    public void CollectorKey_IsCreated0600_AndReloadsToTheSameFingerprint()
    {
        var path = _dir.Combine("keys", "collector.pem");

        using var again = CollectorKey.LoadOrCreate(path, create: false);

        Assert.Equal(_collector.Fingerprint, again.Fingerprint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Throws<FileNotFoundException>(() => CollectorKey.LoadOrCreate(_dir.Combine("keys", "absent.pem"), create: false));
        Assert.Throws<InvalidDataException>(() => CollectorKey.LoadOrCreate(_dir.Write("keys/bad.pem", "not a key"), create: false));
    }

    [Fact]
    public void Trust_LoadsPublicKeysFromFilesAndDirectories_AndRejectsAFileWithoutOne()
    {
        var dir = _dir.Combine("trusted");
        _dir.Write("trusted/collector.pem", _collector.PublicKeyPem);
        var both = _dir.Write("both.pem", _collector.PublicKeyPem + "\n" + _stranger.PublicKeyPem);

        Assert.Equal([_collector.Fingerprint], SnapshotTrust.Load([dir], false).Value!.TrustedKeys);
        Assert.Equal(2, SnapshotTrust.Load([both], false).Value!.TrustedKeys.Count);
        // A private key handed over by mistake is not a trust anchor.
        var wrong = SnapshotTrust.Load([_dir.Combine("keys", "collector.pem")], false);
        Assert.Null(wrong.Value);
        Assert.Equal(DiagnosticCodes.SnapshotUntrusted, Assert.Single(wrong.Diagnostics).Code);
    }

    [Fact]
    public async Task Snapshot_IsKeyedByTheAuditedHomesOwner_NotTheInvokingUser()
    {
        // The test runner audits a home owned by uid 4242: the snapshot files under that uid's name.
        using (var chown = System.Diagnostics.Process.Start("chown", ["-R", "4242:4242", _fixture.Home])!)
        {
            await chown.WaitForExitAsync(Ct);
            Assert.Equal(0, chown.ExitCode);
        }

        var passwd = _dir.Write("passwd", "root:x:0:0:root:/root:/bin/bash\nalice:x:4242:4242::/home/alice:/bin/bash\n");

        var named = Auditor.Run(_fixture.Options() with { PasswdFile = passwd }, new AuditOptions(), cancellationToken: Ct).Report;
        var unnamed = Auditor.Run(_fixture.Options() with { PasswdFile = _dir.Write("empty-passwd", string.Empty) }, new AuditOptions(), cancellationToken: Ct).Report;

        Assert.Equal(Environment.UserName, _report.Inventory.Machine.User);
        Assert.Equal("alice", named.Inventory.Machine.User);
        Assert.Equal("uid 4242", unnamed.Inventory.Machine.User);
        await using var store = await SqliteSnapshotStore.OpenAsync(_dir.Combine("fleet.db"), Ct);
        Assert.Equal("alice", (await store.SaveAsync(named, Ct)).User);
    }

    private string PrivateKeyBody(string name)
    {
        var lines = File.ReadAllLines(_dir.Combine("keys", name));
        return lines[1];
    }
}
