using CcAudit.Core.Permissions;
using CcAudit.Core.Permissions.Oracle;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions.Oracle;

/// <summary>The C# oracle against the real Claude Code 2.1.328 binary, jailed (oracle-protocol.md SAFETY).</summary>
public sealed class ClaudeOracleTests
{
    private static readonly string Runs = "/var/tmp/ccaudit-oracle-tests";

    private static List<PermissionCase> Read(string file) =>
        File.ReadLines(file).Select((line, i) => PermissionCase.Parse(line, file, i + 1).Value!).ToList();

    [Fact]
    public async Task PublicCases_TheHarnessReproducesEveryGroundTruth()
    {
        var cases = Read(TestEnvironment.TestData("Permissions", "public-cases.jsonl"));
        var oracle = new ClaudeOracle(new OracleOptions(TestEnvironment.ClaudeBinary, Runs));

        var result = await oracle.DecideAsync(cases, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(result.Runs.SelectMany(r => r.Problems));
        var expected = cases.ToDictionary(c => c.Id, c => c.Expect);
        var wrong = result.Verdicts.Where(v => v.Class != expected[v.Id]).Select(v => $"{v.Id}: oracle {v.Class} ({v.Reason}), file {expected[v.Id]}").ToList();
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(cases.Count, result.Verdicts.Count);
    }

    [Fact]
    public async Task AllowedProbes_RunButNothingLeavesTheJail()
    {
        var marker = Guid.NewGuid().ToString("N")[..10];
        var escapes = new[] { $"/srv/ccaudit-escape-{marker}", $"/var/tmp/ccaudit-escape-{marker}" };
        string Probe(string id, string tool, string input) =>
            "{\"id\":\"" + id + "\",\"mode\":\"bypassPermissions\",\"trusted\":true,\"home\":\"/home/dev\",\"cwd\":\"/srv/app\","
            + "\"settings\":{\"flag\":{\"permissions\":{\"allow\":[\"Bash(*)\",\"WebFetch\"]}}},\"tool\":\"" + tool + "\",\"input\":" + input + "}";
        var lines = new[]
        {
            Probe("touch", "Bash", $$"""{"command":"touch {{escapes[0]}}"}"""),
            Probe("write", "Write", $$"""{"file_path":"{{escapes[1]}}","content":"escaped"}"""),
            Probe("curl", "Bash", """{"command":"curl -s --max-time 2 http://1.1.1.1/"}"""),
            Probe("fetch", "WebFetch", """{"url":"https://example.com/","prompt":"x"}"""),
        };
        var cases = lines.Select((l, i) => PermissionCase.Parse(l, "t", i + 1).Value!).ToList();

        var result = await new ClaudeOracle(new OracleOptions(TestEnvironment.ClaudeBinary, Runs)).DecideAsync(cases, cancellationToken: TestContext.Current.CancellationToken);

        // The binary allowed every probe (bypass mode, allow rules), and still nothing happened outside the jail.
        Assert.Empty(result.Runs.SelectMany(r => r.Problems));
        Assert.All(result.Verdicts, v => Assert.Equal("allow", v.Class));
        Assert.All(escapes, path => Assert.False(File.Exists(path), $"{path} was created outside the jail"));
        Assert.All(result.Egress, e => Assert.Equal("CONNECT", e.Method));
        Assert.Contains(result.Egress, e => e.Target.StartsWith("api.anthropic.com", StringComparison.Ordinal));
    }
}
