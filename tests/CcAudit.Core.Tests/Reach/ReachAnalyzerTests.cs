using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Reach;
using CcAudit.Core.Settings;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Reach;

public sealed class ReachAnalyzerTests
{
    private static ReachReport Analyze(string launch, string? home, params (SettingsSource Source, string Json)[] settings) =>
        ReachAnalyzer.Analyze(new ReachRequest([launch], home, l => new PermissionEngineReadPolicy(l, home ?? l,
            [.. settings.Select(s => SettingsDocument.Inline(s.Source, JsonDocument.Parse(s.Json).RootElement))], trusted: true)), TestContext.Current.CancellationToken);

    [Fact]
    public void GeneratedTree_EveryPlantedSecretFound_NoFalsePositives()
    {
        using var dir = new TempDir();
        var manifest = PlantedTree.Generate(dir.Combine("repo"), 6000);

        var report = Analyze(manifest.Root, null);

        var launch = Assert.Single(report.Launches);
        var found = launch.Files.SelectMany(f => f.Secrets.Select(s => (Path: Path.GetRelativePath(manifest.Root, f.Path).Replace('\\', '/'), s.Kind, s.Secret.Fingerprint))).ToList();
        var planted = manifest.Plants.Select(p => (Path: p.RelativePath, p.Kind, p.Fingerprint)).ToList();
        Assert.True(planted.Count >= 30);
        Assert.Empty(planted.Except(found));
        Assert.Empty(found.Except(planted));
        Assert.DoesNotContain(launch.Files, f => manifest.DecoyFiles.Any(d => f.Path.EndsWith(d, StringComparison.Ordinal)));
        Assert.Equal(Enum.GetValues<SecretKind>().Except([SecretKind.UrlCredentials]).Order(), planted.Select(p => p.Kind).Distinct().Order());
        Assert.Equal(manifest.Files, launch.WorkingDirectories[0].Files);
        Assert.True(launch.WorkingDirectories[0].BinaryFiles > 0);
    }

    [Fact]
    public void Verdict_CountsSecretsByDecision_AndSuggestsDenyRules()
    {
        using var home = new TempDir();
        var project = home.Combine("mono");
        home.Write("mono/.env", "GITHUB_TOKEN=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\nSTRIPE=sk_live_51H8xQ2Kp9ZmWvT4rL7nB3cY6\n");
        home.Write("mono/infra/prod.tfstate", "{\"password\": \"Hk3pQ9zLm2vXw7Rt\"}");
        home.Write("mono/secrets/api.pem", "-----BEGIN PRIVATE KEY-----\n" + new string('Q', 70) + "\n-----END PRIVATE KEY-----\n");
        home.Write(".aws/credentials", "[default]\naws_access_key_id = AKIA2E0A8F3B244C9986\n");

        var report = Analyze(project, home.Path, (SettingsSource.Project, """{"permissions":{"deny":["Read(**/*.pem)"]}}"""));

        var launch = Assert.Single(report.Launches);
        Assert.Equal($"from {project} Claude Code can read 3 secrets in 2 files without asking; 1 more file (1 secret) one prompt away with no deny rule covering them; deny rules cover 1 file; sandbox off", launch.Verdict);
        Assert.Equal(["Read(**/*.tfstate)", "Read(**/.env)", "Read(~/.aws/**)"], launch.SuggestedDenyRules);
        Assert.Contains(launch.Remediation, r => r.Contains("separate repository", StringComparison.Ordinal));
        Assert.Contains(launch.Remediation, r => r.Contains("enable the sandbox", StringComparison.Ordinal));
        Assert.Contains(report.Findings, f => f.RuleId == ReachFindings.SecretReadableWithoutAsking && f.Subject == home.Combine("mono", ".env"));
        Assert.Contains(report.Findings, f => f.RuleId == ReachFindings.HomeCredentialStoreReachable && f.Severity == CcAudit.Core.Rules.Severity.Medium);
        Assert.DoesNotContain(report.Findings, f => f.Subject == home.Combine("mono", "secrets", "api.pem"));
    }

    // Directory stores are listed by their contents, so the planted file goes one level inside.
    public static TheoryData<string> KnownCredentialStores =>
        [.. HomeCredentialStores.Known.Select(k => k switch { ".ssh" => ".ssh/id_ed25519", ".config/gcloud" => ".config/gcloud/application_default_credentials.json", _ => k })];

    [Theory]
    [MemberData(nameof(KnownCredentialStores))]
    public void EveryKnownHomeCredentialStore_IsAReachableCredentialStore(string relative)
    {
        using var home = new TempDir();
        home.Write("proj/readme.txt", "x");
        home.Write(relative, "secret-material\n");
        var store = home.Combine(relative.Split('/'));

        var report = Analyze(home.Combine("proj"), home.Path);

        var file = Assert.Single(report.Launches[0].Files);
        Assert.Equal((store, SensitiveKind.CredentialStore, true, ReadDecision.Ask), (file.Path, file.Kind, file.InHome, file.Read.Decision));
        var finding = Assert.Single(report.Findings, f => f.RuleId == ReachFindings.HomeCredentialStoreReachable);
        Assert.Equal((store, CcAudit.Core.Rules.Severity.Medium), (finding.Subject, finding.Severity));
    }

    [Fact]
    public void HomeLaunch_StandsOut()
    {
        using var home = new TempDir();
        home.Write("notes.txt", "x");
        home.Write(".ssh/id_ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\n" + new string('b', 80) + "\n-----END OPENSSH PRIVATE KEY-----\n");

        var report = Analyze(home.Path, home.Path);

        Assert.Contains(report.Findings, f => f.RuleId == ReachFindings.BroadLaunchRoot && f.Severity == CcAudit.Core.Rules.Severity.High);
        var key = Assert.Single(report.Launches[0].Files);
        Assert.Equal(ReadDecision.Allow, key.Read.Decision);
        Assert.Contains(report.Launches[0].Remediation, r => r.Contains("home directory", StringComparison.Ordinal));
    }

    [Fact]
    public void GitIgnoredEnv_IsReadable_AndMarked()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.Combine(".git"));
        dir.Write(".gitignore", ".env\n");
        dir.Write(".env", "OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0fT3BlbkFJGh3iJk6lMn9oPq2rSt5uVw8xYz1aBc4dEf7g\n");

        var report = Analyze(dir.Path, null);

        var file = Assert.Single(report.Launches[0].Files);
        Assert.Equal(GitState.Ignored, file.Git);
        Assert.Contains(report.Findings, f => f.RuleId == ReachFindings.SecretReadableWithoutAsking && f.Message.Contains("git-ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void BinaryAndHugeFiles_AreDiagnostics_NotCrashes()
    {
        using var dir = new TempDir();
        dir.WriteBytes("blob.bin", [1, 2, 0, 3]);
        dir.Write("big.txt", new string('x', 5000) + " token = \"q8Zr2LmV7xKp4NwT9bJc3HdF\"");
        dir.Write("terraform.tfstate.backup", new string('y', 5000));

        var report = ReachAnalyzer.Analyze(new ReachRequest([dir.Path], null, l => new PermissionEngineReadPolicy(l, l, [], trusted: true), new ReachLimits(MaxScanBytes: 1000)), TestContext.Current.CancellationToken);

        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.FileBinary && d.Location!.Path.EndsWith("blob.bin", StringComparison.Ordinal));
        Assert.Contains(report.Diagnostics, d => d.Code == DiagnosticCodes.FileTooLarge && d.Location!.Path.EndsWith("big.txt", StringComparison.Ordinal));
        var size = report.Launches[0].WorkingDirectories[0];
        Assert.Equal(1, size.BinaryFiles);
        Assert.Equal(2, size.UnscannedLargeFiles);
        var state = Assert.Single(report.Launches[0].Files);
        Assert.Equal(SensitiveKind.TerraformState, state.Kind);
    }

    [Fact]
    public void SymlinkEscape_IsAFinding_WithItsTarget()
    {
        using var dir = new TempDir();
        using var outside = new TempDir();
        File.CreateSymbolicLink(dir.Combine("prod-config"), outside.Path);

        var report = Analyze(dir.Path, null);

        var finding = Assert.Single(report.Findings, f => f.RuleId == ReachFindings.SymlinkOutOfWorkingDirectories);
        Assert.Equal(outside.Path, finding.Evidence!["target"]);
    }

    [Fact]
    public void InfrastructureFiles_AreClassified()
    {
        using var dir = new TempDir();
        dir.Write("k8s/db.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n");
        dir.Write("k8s/deploy.yaml", "apiVersion: apps/v1\nkind: Deployment\n");
        dir.Write(".github/workflows/release.yml", "jobs:\n  deploy:\n    steps:\n      - run: ./deploy.sh ${{ secrets.TOKEN }}\n");
        dir.Write(".github/workflows/test.yml", "jobs:\n  test:\n    steps:\n      - run: npm test\n");
        dir.Write("ansible/group_vars/all.yml", "db_host: x\n");
        dir.Write("main.tf", "resource \"aws_s3_bucket\" \"b\" {}\n");
        dir.Write("prod.tfvars", "region = \"eu\"\n");
        dir.Write("Dockerfile", "FROM node\nENV NPM_TOKEN=Zq8r2LmV7xKp4NwT9bJc3HdF\n");
        dir.Write("deploy/api/Chart.yaml", "apiVersion: v2\nname: api\n");
        dir.Write("deploy/api/values-prod.yaml", "replicas: 3\n");
        dir.Write("config/values.yaml", "replicas: 3\n");
        dir.Write("vault.yml", "$ANSIBLE_VAULT;1.1;AES256\n6162636465\n");

        var kinds = Analyze(dir.Path, null).Launches[0].Files.ToDictionary(f => Path.GetRelativePath(dir.Path, f.Path), f => f.Kind);

        Assert.Equal(SensitiveKind.KubernetesSecret, kinds["k8s/db.yaml"]);
        Assert.Equal(SensitiveKind.KubernetesManifest, kinds["k8s/deploy.yaml"]);
        Assert.Equal(SensitiveKind.CiDeployWorkflow, kinds[".github/workflows/release.yml"]);
        Assert.False(kinds.ContainsKey(".github/workflows/test.yml"));
        Assert.Equal(SensitiveKind.Ansible, kinds["ansible/group_vars/all.yml"]);
        Assert.Equal(SensitiveKind.TerraformConfig, kinds["main.tf"]);
        Assert.Equal(SensitiveKind.TerraformVariables, kinds["prod.tfvars"]);
        Assert.Equal(SensitiveKind.DockerfileWithCredentials, kinds["Dockerfile"]);
        Assert.Equal(SensitiveKind.HelmValues, kinds["deploy/api/values-prod.yaml"]);
        Assert.False(kinds.ContainsKey("config/values.yaml"));
        Assert.Equal(SensitiveKind.Ansible, kinds["vault.yml"]);
    }

    [Fact]
    public void NoPlantedSecretValue_AppearsInAnyOutput()
    {
        using var dir = new TempDir();
        var values = new[]
        {
            "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", "AKIA2E0A8F3B244C9986", "q8Zr2LmV7xKp4NwT9bJc3HdF", "Vr7Kp2Xm9Lq4Zt",
            "sk_live_51H8xQ2Kp9ZmWvT4rL7nB3cY6",
        };
        dir.Write(".env", $"GITHUB_TOKEN={values[0]}\nAWS_ACCESS_KEY_ID={values[1]}\nSECRET_KEY={values[2]}\nDATABASE_URL=mysql://u:{values[3]}@h/db\nSTRIPE={values[4]}\n");

        var report = Analyze(dir.Path, null);
        var outputs = new[]
        {
            ReachReportWriter.ToJson(report), ReachReportWriter.ToMarkdown(report), ReachReportWriter.ToText(report),
            string.Join('\n', report.Findings.Select(f => f + string.Join(',', f.Evidence ?? new Dictionary<string, string>()))),
        };

        Assert.Equal(5, report.Launches[0].Files[0].Secrets.Count);
        foreach (var output in outputs)
        {
            foreach (var value in values)
            {
                Assert.DoesNotContain(value, output, StringComparison.Ordinal);
            }

            Assert.Contains(Redaction.Fingerprint(values[0]), output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Sandbox_DenyRead_IsInTheVerdict()
    {
        using var home = new TempDir();
        home.Write("app/.env", "GITHUB_TOKEN=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\n");

        var report = Analyze(home.Combine("app"), home.Path, (SettingsSource.User, """{"sandbox":{"enabled":true,"filesystem":{"denyRead":["./.env"]}}}"""));

        var launch = Assert.Single(report.Launches);
        Assert.EndsWith("; sandbox on, its denyRead keeps shell commands from 1 file of them", launch.Verdict, StringComparison.Ordinal);
        var env = Assert.Single(launch.Files);
        Assert.Equal(ReadDecision.Allow, env.Read.Decision);
        Assert.Equal(ReadDecision.Deny, env.BashCat.Decision);
    }

    [Fact]
    public async Task Fifo_IsCounted_NeverOpened()
    {
        using var dir = new TempDir();
        dir.Write(".env", "GITHUB_TOKEN=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\n");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [dir.Combine("pipe")]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var report = await Task.Run(() => Analyze(dir.Path, null), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, report.Launches[0].WorkingDirectories[0].Files);
        Assert.Single(report.Launches[0].Files);
    }
}
