using System.Globalization;
using System.Text;
using CcAudit.Core.Analysis;
using CcAudit.Core.Rules;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Rules;

/// <summary>
/// Per-rule snapshots: for every sample of every rule, each finding's id, severity, file:line:col, JSON pointer, subject
/// and message, compared with a golden file in <c>tests/CcAudit.Core.Tests/Rules/Golden/</c>. A rule whose wording or
/// location moves shows the diff here. After a deliberate change, rerun with <c>CCAUDIT_UPDATE_GOLDEN=1</c> and review
/// the rewritten files in the commit.
/// </summary>
public sealed class RuleGoldenTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static string GoldenDir => Path.Combine(TestEnvironment.RepoRoot, "tests", "CcAudit.Core.Tests", "Rules", "Golden");

    public static TheoryData<string> RuleIds() => [.. AnalyzerRegistry.ConfigurationRules.Select(r => r.Metadata.Id)];

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Samples_MatchTheirGoldenSnapshot(string id)
    {
        var actual = Snapshot(AnalyzerRegistry.ConfigurationRules.Single(r => r.Metadata.Id == id));
        var file = Path.Combine(GoldenDir, id + ".txt");
        if (Environment.GetEnvironmentVariable("CCAUDIT_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(GoldenDir);
            File.WriteAllText(file, actual);
        }

        Assert.True(File.Exists(file), $"no golden snapshot for {id}: run the tests with CCAUDIT_UPDATE_GOLDEN=1 and review {file}");
        var expected = File.ReadAllText(file);
        Assert.True(expected == actual, $"{id} differs from {file} (CCAUDIT_UPDATE_GOLDEN=1 rewrites it):\n{Diff(expected, actual)}");
    }

    [Fact]
    public void EveryGoldenFile_BelongsToARegisteredRule()
    {
        var ids = AnalyzerRegistry.ConfigurationRules.Select(r => r.Metadata.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(GoldenDir, "*.txt").Select(Path.GetFileNameWithoutExtension).Where(n => !ids.Contains(n!)).ToList();

        Assert.Empty(orphans);
    }

    [Fact]
    public void Snapshot_ChangesWhenAFindingMoves()
    {
        var rule = AnalyzerRegistry.ConfigurationRules.First(r => r.Samples.Any(s => s.Matches));
        var snapshot = Snapshot(rule);

        Assert.Contains(rule.Metadata.Id + " ", snapshot, StringComparison.Ordinal);
        Assert.Matches(@":\d+:\d+ ", snapshot);
    }

    internal static string Snapshot(IAuditRule rule)
    {
        var text = new StringBuilder();
        for (var i = 0; i < rule.Samples.Count; i++)
        {
            var sample = rule.Samples[i];
            text.Append(CultureInfo.InvariantCulture, $"sample {i} ({(sample.Matches ? "fires" : "quiet")})\n");
            var findings = rule.Analyze(RuleSampleContext.Build(sample, Now)).ToList();
            if (findings.Count == 0)
            {
                text.Append("  (no finding)\n");
            }

            foreach (var f in findings)
            {
                var where = f.Location is { } l ? $"{l.Path}:{l.Line}:{l.Column} {l.JsonPointer ?? "-"}" : "- -";
                text.Append(CultureInfo.InvariantCulture, $"  {f.RuleId} {SeverityText.Of(f.Severity)} {where} subject={f.Subject ?? "-"}\n    {f.Message}\n");
                foreach (var related in f.Related)
                {
                    text.Append(CultureInfo.InvariantCulture, $"    related {related.Location.Path}:{related.Location.Line}:{related.Location.Column}: {related.Message}\n");
                }
            }
        }

        return text.ToString();
    }

    private static string Diff(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var lines = new StringBuilder();
        for (var i = 0; i < Math.Max(e.Length, a.Length) && lines.Length < 4000; i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                lines.Append(CultureInfo.InvariantCulture, $"line {i + 1}:\n  - {left}\n  + {right}\n");
            }
        }

        return lines.ToString();
    }
}
