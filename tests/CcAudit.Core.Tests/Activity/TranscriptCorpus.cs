using System.Text;
using static CcAudit.Core.Tests.Activity.TranscriptLines;

namespace CcAudit.Core.Tests.Activity;

/// <summary>
/// A seeded corpus for comparing token totals with ccusage: sessions over several days and projects, resumed sessions
/// that repeat earlier messages in a new file, records without a request id, fast-mode usage, subagent files, and
/// records that ccusage's schema rejects (null cache counts, offset timestamps, empty request ids, odd versions),
/// plus malformed, truncated and non-UTF-8 lines. Nothing here states an expected total: the peer does.
/// </summary>
public static class TranscriptCorpus
{
    /// <param name="edgeRecords">
    /// False leaves out what ccusage 20 counts differently from 18 (records without a request id, the schema oddities),
    /// for comparing with either version; true is the full corpus, compared with 18.0.11 whose rules ccaudit follows.
    /// </param>
    public static void Write(string claudeDir, int sessions, int seed, bool edgeRecords = true)
    {
        var random = new Random(seed);
        var start = new DateTime(2026, 10, 26, 22, 30, 0, DateTimeKind.Utc);
        var projects = new[] { "/home/dev/app", "/home/dev/api", "/home/dev/infra" };
        var earlier = new List<string>();
        for (var s = 0; s < sessions; s++)
        {
            var cwd = projects[random.Next(projects.Length)];
            var session = $"00000000-0000-4000-8000-{s:000000000000}";
            var at = start.AddHours(random.Next(0, 24 * 9)).AddMinutes(random.Next(60));
            var lines = new StringBuilder();
            lines.Append(Prompt(session, cwd, at, $"p-{s}", "do the thing"));

            // A resumed session starts with a copy of messages another session already wrote.
            if (earlier.Count > 0 && random.Next(4) == 0)
            {
                lines.Append(earlier[random.Next(earlier.Count)]);
            }

            for (var m = 0; m < random.Next(3, 12); m++)
            {
                at = at.AddSeconds(random.Next(5, 600));
                var id = $"msg_{seed}_{s}_{m}";
                var request = random.Next(10) == 0 && edgeRecords ? null : $"req_{seed}_{s}_{m}";
                var line = Assistant(session, cwd, at, id, request, random.Next(1, 5000), random.Next(1, 2000), random.Next(0, 90000), random.Next(0, 9000),
                    model: random.Next(5) == 0 ? "claude-sonnet-5" : "claude-opus-5-5",
                    block: random.Next(3) == 0 ? ToolUse($"tu_{s}_{m}", "Bash", new() { ["command"] = "ls" }) : null);
                lines.Append(line);

                // Claude Code writes one record per content block, each with the message's usage.
                if (random.Next(3) == 0)
                {
                    lines.Append(line);
                }

                if (random.Next(4) == 0)
                {
                    earlier.Add(line);
                }
            }

            var path = random.Next(8) == 0
                ? Path.Combine(claudeDir, "projects", Slug(cwd), $"parent-{s}", "subagents", $"agent-{s}.jsonl")
                : Path.Combine(claudeDir, "projects", Slug(cwd), session + ".jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, lines.ToString());
        }

        if (edgeRecords)
        {
            WriteOddities(Path.Combine(claudeDir, "projects", Slug(projects[0]), "oddities.jsonl"), start, seed);
        }
    }

    private static void WriteOddities(string path, DateTime at, int seed)
    {
        const string Session = "11111111-0000-4000-8000-000000000000";
        const string Cwd = "/home/dev/app";
        var good = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_1", $"oddreq_{seed}_1", 1234, 56);
        var fast = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_2", $"oddreq_{seed}_2", 10, 20)
            .Replace("\"service_tier\"", "\"speed\":\"fast\",\"service_tier\"", StringComparison.Ordinal);
        var nullCache = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_3", $"oddreq_{seed}_3", 999, 9)
            .Replace("\"cache_read_input_tokens\":0", "\"cache_read_input_tokens\":null", StringComparison.Ordinal);
        var offsetStamp = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_4", $"oddreq_{seed}_4", 777, 7)
            .Replace(".000Z\"", ".000+00:00\"", StringComparison.Ordinal);
        var emptyRequest = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_5", string.Empty, 555, 5);
        var oddVersion = Assistant(Session, Cwd, at.AddDays(1), $"odd_{seed}_6", $"oddreq_{seed}_6", 444, 4)
            .Replace("\"2.1.328\"", "\"dev\"", StringComparison.Ordinal);
        var noMillis = Assistant(Session, Cwd, at.AddDays(2), $"odd_{seed}_7", $"oddreq_{seed}_7", 333, 3)
            .Replace(".000Z\"", "Z\"", StringComparison.Ordinal);
        var stringContent = Assistant(Session, Cwd, at.AddDays(2), $"odd_{seed}_8", $"oddreq_{seed}_8", 222, 2)
            .Replace("\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]", "\"content\":\"plain\"", StringComparison.Ordinal);
        var text = string.Concat(good, fast, nullCache, offsetStamp, emptyRequest, oddVersion, noMillis, stringContent,
            "not json at all\n", "\n", "   \n", Assistant(Session, Cwd, at.AddDays(2), $"odd_{seed}_9", $"oddreq_{seed}_9", 111, 1).Replace("\"ok\"", "\"caf#\"", StringComparison.Ordinal),
            Assistant(Session, Cwd, at.AddDays(2), $"odd_{seed}_10", $"oddreq_{seed}_10", 50, 5).TrimEnd('\n')[..40]);
        File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(text).Select(b => b == '#' ? (byte)0xE9 : b)]);
    }

    /// <summary>Claude Code's project directory name: every character outside [A-Za-z0-9] becomes '-'.</summary>
    public static string Slug(string cwd) => string.Concat(cwd.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
