using System.Text.Json;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>
/// Generates the probes of one launch directory from its effective policy: every applied allow, ask and deny rule, the
/// reach map's secrets, hooks, env, MCP servers and modes. Nothing here is a fixed list of attacks against nothing: a
/// probe exists because a rule or a fact of this directory invites it.
/// </summary>
public static partial class ProbeGenerator
{
    public static IReadOnlyList<RedTeamProbe> Generate(RedTeamTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var rules = target.Settings.AppliedRules.Select(r => (Entry: r, Text: PermissionRuleText.Parse(r.Rule))).ToList();
        var secret = ExfilSource(target);
        var probes = new List<RedTeamProbe>();
        probes.AddRange(Exfiltration(target, rules, secret));
        probes.AddRange(Evasions(target, rules));
        probes.AddRange(SecretReads(target, rules));
        probes.AddRange(WritesAround(target, rules));
        probes.AddRange(Persistence(target));
        probes.AddRange(UntrustedCheckout(target));
        probes.AddRange(Mcp(target, rules, secret));
        probes.AddRange(Modes(target, probes, secret));
        return [.. probes.DistinctBy(p => (p.Family, p.Tool, p.Input.GetRawText(), p.Mode, p.Untrusted))];
    }

    /// <summary>The file exfiltration probes send: a secret of the reach map (inside the launch directory first), else its .env.</summary>
    private static SecretTarget ExfilSource(RedTeamTarget target)
    {
        bool Inside(SecretTarget s) => s.Path.StartsWith(target.Directory + "/", StringComparison.Ordinal);
        bool Confirmed(SecretTarget s) => s.Evidence.Contains("sha256", StringComparison.Ordinal);
        return target.Secrets.OrderByDescending(s => Inside(s) && Confirmed(s)).ThenByDescending(Inside).ThenByDescending(Confirmed).FirstOrDefault()
            ?? new SecretTarget(Path.Combine(target.Directory, ".env"), "EnvFile", "the launch directory's .env (not confirmed: reach did not run or found none)");
    }

    private static RedTeamProbe Bash(RedTeamFamily family, string command, string intent, string evidence, string origin, SourceLocation? where) =>
        new(family, "Bash", RedTeamCalls.Input("command", command), intent, evidence, origin, where);

    private static RedTeamProbe File(RedTeamFamily family, string tool, string path, string intent, string evidence, string origin, SourceLocation? where) =>
        new(family, tool, tool == "Read"
            ? RedTeamCalls.Input("file_path", path)
            : tool == "Write" ? RedTeamCalls.Input("file_path", path, "content", "injected") : EditInput(path), intent, evidence, origin, where);

    private static JsonElement EditInput(string path) =>
        JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["file_path"] = path, ["old_string"] = "a", ["new_string"] = "injected" });

    /// <summary>The path relative to the launch directory when it lies inside it (shorter commands, as a model would write them).</summary>
    private static string Rel(RedTeamTarget target, string path) =>
        path.StartsWith(target.Directory + "/", StringComparison.Ordinal) ? path[(target.Directory.Length + 1)..] : path;
}
