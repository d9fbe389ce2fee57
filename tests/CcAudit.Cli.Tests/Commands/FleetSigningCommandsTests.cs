using System.Text.Json.Nodes;
using CcAudit.Cli.Tests.TestSupport;
using CcAudit.Core.Store;
using CcAudit.Core.Tests.Discovery;

namespace CcAudit.Cli.Tests.Commands;

public sealed class FleetSigningCommandsTests : IDisposable
{
    private readonly FixtureHome _fixture = new();

    public void Dispose() => _fixture.Dispose();

    private string At(params string[] parts) => Path.Combine([_fixture.Root, .. parts]);

    private async Task<CliRunner.Result> ScanAsync(string output, params string[] extra)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        return await CliRunner.RunAsync(["scan", "--home", _fixture.Home, "--managed-dir", _fixture.Managed, "--no-store", "--out", output, "--format", "json", .. extra]);
    }

    private async Task<string> TrustAsync(string keyFile)
    {
        var printed = await CliRunner.RunAsync("fleet", "public-key", "--signing-key", keyFile);
        Assert.Equal(0, printed.ExitCode);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", printed.Out, StringComparison.Ordinal);
        var path = At("trusted", Path.GetFileName(keyFile));
        Directory.CreateDirectory(At("trusted"));
        File.WriteAllText(path, printed.Out);
        return path;
    }

    [Fact]
    public async Task Import_TrustedSigned_Imports_UntrustedForgedAndUnsigned_AreRefusedWithExit3()
    {
        using (CollectorKey.LoadOrCreate(At("keys", "collector.pem"), create: true))
        using (CollectorKey.LoadOrCreate(At("keys", "stranger.pem"), create: true))
        {
        }

        var signed = await ScanAsync(At("inbox", "a-host.json"), "--signing-key", At("keys", "collector.pem"));
        await ScanAsync(At("inbox", "b-stranger.json"), "--signing-key", At("keys", "stranger.pem"));
        var forged = JsonNode.Parse(File.ReadAllText(At("inbox", "a-host.json")))!;
        forged.AsObject().Remove("signature");
        File.WriteAllText(At("inbox", "c-unsigned.json"), forged.ToJsonString());
        var trusted = await TrustAsync(At("keys", "collector.pem"));
        var store = At("fleet.db");

        var refused = await CliRunner.RunAsync("fleet", "import", At("inbox"), "--store", store, "--trusted-keys", trusted);
        var allowed = await CliRunner.RunAsync("fleet", "import", At("inbox", "c-unsigned.json"), "--store", store, "--trusted-keys", trusted, "--allow-unsigned");

        Assert.Equal(0, signed.ExitCode);
        Assert.Contains("signed by collector key", signed.Error, StringComparison.Ordinal);
        Assert.Equal(3, refused.ExitCode);
        var lines = refused.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("imported", lines[0], StringComparison.Ordinal);
        Assert.Matches("rejected .*b-stranger.json: signed by an untrusted key", lines[1]);
        Assert.Matches("rejected .*c-unsigned.json: unsigned snapshot refused", lines[2]);
        Assert.Contains("1 imported, 0 already present, 2 rejected, 0 unsigned", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Contains("UNSIGNED, allowed by --allow-unsigned", allowed.Out, StringComparison.Ordinal);
        Assert.Contains("1 unsigned", allowed.Error, StringComparison.Ordinal);
        foreach (var output in new[] { signed.Out, signed.Error, refused.Out, refused.Error, allowed.Out, allowed.Error })
        {
            AssertNoPrivateKey(output, At("keys", "collector.pem"));
            AssertNoPrivateKey(output, At("keys", "stranger.pem"));
        }
    }

    [Fact]
    public async Task Scan_WithoutSigningKey_CreatesTheDefaultKey0600_AndNeverPrintsIt()
    {
        var scan = await ScanAsync(At("inbox", "host.json"));
        var keyFile = CollectorKey.DefaultPath(new Dictionary<string, string?> { ["XDG_DATA_HOME"] = CliRunner.DataHome });
        var printed = await CliRunner.RunAsync("fleet", "public-key");

        Assert.Equal(0, scan.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        using var key = CollectorKey.LoadOrCreate(keyFile, create: false);
        Assert.Equal(key.Fingerprint, JsonNode.Parse(File.ReadAllText(At("inbox", "host.json")))!["signature"]!["keyFingerprint"]!.GetValue<string>());
        Assert.Equal(key.PublicKeyPem, printed.Out.TrimEnd());
        Assert.Contains(key.Fingerprint, printed.Error, StringComparison.Ordinal);
        AssertNoPrivateKey(scan.Out + scan.Error + printed.Out + printed.Error + File.ReadAllText(At("inbox", "host.json")), keyFile);
    }

    [Theory]
    [InlineData("fleet", "import", "{inbox}", "--store", "{store}", "--trusted-keys", "{missing}")]
    [InlineData("fleet", "import", "{inbox}", "--store", "{store}", "--trusted-keys", "{garbage}")]
    [InlineData("fleet", "public-key", "--signing-key", "{missing}")]
    [InlineData("fleet", "public-key", "--signing-key", "{garbage}")]
    public async Task MissingOrBadKeyFiles_AreUsageErrors(params string[] template)
    {
        Directory.CreateDirectory(At("inbox"));
        File.WriteAllText(At("garbage.pem"), "not a key");
        var names = new Dictionary<string, string> { ["{inbox}"] = At("inbox"), ["{store}"] = At("fleet.db"), ["{missing}"] = At("absent.pem"), ["{garbage}"] = At("garbage.pem") };

        var result = await CliRunner.RunAsync([.. template.Select(a => names.GetValueOrDefault(a, a))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(template[^1] == "{missing}" ? "does not exist" : "garbage.pem", result.Error, StringComparison.Ordinal);
    }

    private static void AssertNoPrivateKey(string output, string keyFile)
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(keyFile));
        var scalar = key.ExportParameters(includePrivateParameters: true).D!;
        Assert.DoesNotContain("PRIVATE KEY", output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(scalar).TrimEnd('='), output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexStringLower(scalar), output, StringComparison.OrdinalIgnoreCase);
    }
}
