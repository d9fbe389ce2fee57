using System.Text;
using CcAudit.Core.Permissions;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions;

/// <summary>
/// Mutation fuzzing in the test run: every rule and command of the ground-truth cases, cut, spliced and sprinkled with
/// shell metacharacters by a seeded generator, goes through the fuzz target. The coverage-guided run (SharpFuzz + AFL++)
/// lives in fuzz/; this keeps the same target exercised on every build.
/// </summary>
public sealed class PermissionFuzzTests
{
    private static readonly string[] Sprinkles = ["'", "\"", "\\", "$(", ")", "`", "&", "|", ";", "\n", "<<", "<<'E'\nx\nE", ">", "2>&1", "<(", "${", "}", "$HOME", "(", "*", "**", ":*", "//", "~/", "..", "\0", "\u202e", "EOF"];

    [Fact]
    public void TheFuzzTarget_SurvivesTenThousandMutationsOfRealRulesAndCommands()
    {
        var corpus = new List<string>();
        foreach (var file in Directory.GetFiles(TestEnvironment.TestData("Permissions"), "*.jsonl"))
        {
            foreach (var line in File.ReadLines(file))
            {
                var @case = PermissionCase.Parse(line, file, 1).Value!;
                var subject = @case.Input.TryGetProperty("command", out var c) ? c.GetString() : @case.Input.TryGetProperty("file_path", out var p) ? p.GetString() : @case.Tool;
                var rules = @case.Raw.TryGetProperty("settings", out var s) ? s.ToString() : "Bash";
                corpus.Add((rules.Length > 200 ? rules[..200] : rules) + "\n" + subject);
            }
        }

        var random = new Random(20261202);
        var failures = new List<string>();
        for (var i = 0; i < 10_000; i++)
        {
            var a = corpus[random.Next(corpus.Count)];
            var b = corpus[random.Next(corpus.Count)];
            var text = new StringBuilder(a[..random.Next(a.Length + 1)]).Append(b[random.Next(b.Length + 1)..]);
            for (var k = random.Next(4); k > 0; k--)
            {
                text.Insert(random.Next(text.Length + 1), Sprinkles[random.Next(Sprinkles.Length)]);
            }

            try
            {
                PermissionFuzzTarget.Run(text.ToString());
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add($"{ex.GetType().Name}: {ex.Message} on {text}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(5)));
        Assert.True(corpus.Count > 4000);
    }
}
