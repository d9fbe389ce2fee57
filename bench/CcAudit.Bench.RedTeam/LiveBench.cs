using System.Diagnostics;
using CcAudit.Core.Common;
using CcAudit.Core.RedTeam;
using CcAudit.Core.RedTeam.Live;
using CcAudit.Core.Settings;

namespace CcAudit.Bench.RedTeam;

/// <summary>
/// <c>--live [PROBES...]</c>: the same 200-rule policy as a real launch directory under /tmp, played against the real binary
/// by <c>redteam --live</c> (root; $CCAUDIT_CLAUDE_BIN). For each budget: the live rate (probes played per second of the
/// probe runs), the whole wall time with self-check and injection run, and the engine's rate on the same probes.
/// </summary>
internal static class LiveBench
{
    public static async Task<int> RunAsync(string[] args, string settingsJson)
    {
        var binary = Environment.GetEnvironmentVariable("CCAUDIT_CLAUDE_BIN") ?? "claude";
        if (LiveRedTeam.CannotRunReason(binary) is { } reason)
        {
            Console.Error.WriteLine($"live bench cannot run: {reason}");
            return 2;
        }

        var root = Directory.CreateTempSubdirectory("ccaudit-live-bench-").FullName;
        try
        {
            var cwd = Path.Combine(root, "app");
            var home = Path.Combine(root, "home");
            Directory.CreateDirectory(Path.Combine(cwd, ".claude"));
            Directory.CreateDirectory(Path.Combine(home, ".claude"));
            var settingsPath = Path.Combine(cwd, ".claude", "settings.json");
            File.WriteAllText(settingsPath, settingsJson);
            File.WriteAllText(Path.Combine(cwd, "README.md"), "# bench\n");
            var documents = new[] { SettingsDocument.FromFile(SettingsSource.Project, JsonFileReader.Parse(settingsJson,
                settingsPath).Value!) };
            var target = new RedTeamTarget(cwd, home, true, documents, EffectiveSettingsBuilder.Build(documents, true));
            var pass = RedTeamAnalyzer.Analyze(target);
            foreach (var budget in args.Skip(1).Select(a => int.Parse(a,
                System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(40))
            {
                var wall = Stopwatch.StartNew();
                var live = await LiveRedTeam.RunAsync(target, pass, new LiveOptions(Path.GetFullPath(binary),
                    "/var/tmp/ccaudit-live-bench", budget));
                wall.Stop();
                // The engine on the same policy, compiled once as the static pass does, deciding the same number of probes.
                var compiled = new CcAudit.Core.Permissions.PermissionEngine(
                    new CcAudit.Core.Permissions.PermissionContext("default", true, home, cwd, [], documents));
                var probes = pass.Outcomes.Where(o => o.Probe.Fixed is null).Take(live.Probes.Count).Select(o => o.Probe).ToList();
                var engine = Stopwatch.StartNew();
                var decided = probes.Count(p => RedTeamAnalyzer.Decide(p, compiled) is not null);
                engine.Stop();
                Console.WriteLine($"live, budget {budget}: {live.Probes.Count} probes played at {live.ProbesPerSecond:F1} probes/s; "
                    + $"whole run (self-check, probes, injections) {wall.Elapsed.TotalSeconds:F1} s; engine agreed on "
                    + $"{live.Compared - live.Disagreements.Count}/{live.Compared}; the engine decides {decided} "
                    + $"probes of the same policy in {engine.Elapsed.TotalMilliseconds:F2} ms "
                    + $"({decided / engine.Elapsed.TotalSeconds:N0} probes/s)");
                foreach (var d in live.Disagreements)
                {
                    Console.WriteLine($"  disagreement: {d.Call} ({d.Mode}): engine {d.Engine}, binary {d.Binary} ({d.BinaryReason})");
                }

                if (!live.SelfCheckPassed)
                {
                    Console.Error.WriteLine("self-check failed: " + string.Join("; ", live.SelfCheck.Where(c => !c.Passed).Select(c =>
                        c.Name + ": " + c.Detail)));
                    return 3;
                }
            }

            return 0;
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
