using System.Diagnostics;
using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.RedTeam;
using CcAudit.Core.Settings;

// A red-team pass over one launch directory with 200 rules and a reach map large enough for about 5,000 probes:
// probe generation and every engine decision, best of five passes after a warm-up (one thread).
// Usage: dotnet run -c Release --project bench/CcAudit.Bench.RedTeam -- [RULES] [SECRETS]
//        dotnet run -c Release --project bench/CcAudit.Bench.RedTeam -- --live [PROBES ...]   (root, $CCAUDIT_CLAUDE_BIN)
var live = args.Length > 0 && args[0] == "--live";
var ruleCount = args.Length > 0 && !live ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
var secretCount = args.Length > 1 && !live ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 330;
string[] programs = ["git push", "npm run", "python3 -c", "docker exec", "npx", "curl", "gh pr", "kubectl get", "terraform apply", "rm -rf", "make", "yarn", "aws s3", "scp", "node -e"];
var allow = new List<string>();
var ask = new List<string>();
var deny = new List<string>();
for (var i = 0; i < ruleCount; i++)
{
    var program = programs[i % programs.Length];
    var rule = (i % 5) switch
    {
        0 => $"Bash({program} target{i}:*)",
        1 => $"Read(./src/module{i}/**)",
        2 => $"Edit(./config/env{i}.yml)",
        3 => $"WebFetch(domain:docs{i}.example.com)",
        _ => $"Bash({program}:*)",
    };
    (i % 3 == 0 ? allow : i % 3 == 1 ? deny : ask).Add(rule);
}

const string Cwd = "/srv/app";
const string Home = "/home/dev";
var settings = JsonSerializer.Serialize(new { permissions = new { allow, ask, deny } });
if (live)
{
    return await CcAudit.Bench.RedTeam.LiveBench.RunAsync(args, settings);
}

var documents = new[] { SettingsDocument.FromFile(SettingsSource.Project, JsonFileReader.Parse(settings, Cwd + "/.claude/settings.json").Value!) };
var effective = EffectiveSettingsBuilder.Build(documents, true);
var target = new RedTeamTarget(Cwd, Home, true, documents, effective)
{
    Secrets = [.. Enumerable.Range(0, secretCount).Select(i => new SecretTarget($"{Cwd}/services/s{i}/.env", "EnvFile", $"GitHubToken ghp_…[redacted, 40 chars] ({i:x12})"))],
    ReachAssessed = true,
    ModesSeen = ["acceptEdits"],
};

var warm = RedTeamAnalyzer.Analyze(target);
Console.WriteLine($"{ruleCount} rules, {secretCount} reach-map secrets: {warm.Outcomes.Count} probes decided, {warm.SilentCount} go through without a prompt");
var best = TimeSpan.MaxValue;
for (var pass = 0; pass < 5; pass++)
{
    var watch = Stopwatch.StartNew();
    var result = RedTeamAnalyzer.Analyze(target);
    watch.Stop();
    best = watch.Elapsed < best ? watch.Elapsed : best;
    GC.KeepAlive(result);
}

Console.WriteLine($"red-team pass (generate + decide): best of 5 {best.TotalMilliseconds:F0} ms, {warm.Outcomes.Count / best.TotalSeconds:N0} probes/s (one thread)");
return best.TotalSeconds < 2 ? 0 : 1;
