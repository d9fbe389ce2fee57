using System.Text.Json;
using CcAudit.Core.Permissions;
using CcAudit.Core.Settings;
using MAB.DotIgnore;

namespace CcAudit.Core.Reach;

/// <summary>
/// Reads judged by the <see cref="PermissionEngine"/> (rules of every tier with their anchors, Bash rules, trust,
/// working directories, modes) plus the read switches the engine does not model: <c>sandbox.filesystem.denyRead</c>
/// for shell commands, <c>permissions.blockReadsOutsideWorkingDirectories</c> and <c>permissions.denyInsteadOfPrompting</c>.
/// </summary>
public sealed class PermissionEngineReadPolicy : IReadAccessPolicy
{
    private readonly PermissionEngine _engine;
    private readonly bool _blockReadsOutside;
    private readonly bool _denyInsteadOfPrompting;
    private readonly List<Func<string, bool>> _sandboxDenyMatchers;

    /// <param name="launchDirectory">Where Claude Code was started.</param>
    /// <param name="home">The user's home (for <c>~/</c> anchors and user settings).</param>
    /// <param name="settings">The settings tiers in force for this launch.</param>
    /// <param name="trusted">Whether the launch directory is trusted: only then do the project's allow rules and additional directories apply.</param>
    /// <param name="addedDirectories">Directories added outside settings (<c>--add-dir</c>, <c>/add-dir</c>), as transcripts record them.</param>
    public PermissionEngineReadPolicy(string launchDirectory, string home, IReadOnlyList<SettingsDocument> settings, bool trusted, IReadOnlyList<string>? addedDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var launch = Normalise(launchDirectory);
        var homeDirectory = Normalise(home);
        var effective = EffectiveSettingsBuilder.Build(settings, trusted);
        _engine = new PermissionEngine(new PermissionContext(effective.GetString("permissions.defaultMode") ?? "default", trusted, homeDirectory, launch, addedDirectories ?? [], settings));
        WorkingDirectories = _engine.WorkingDirectories;
        _blockReadsOutside = effective.GetBool("permissions.blockReadsOutsideWorkingDirectories") == true;

        // Only the tiers a repository cannot write may turn prompts into denials; a project's value is ignored, not overriding.
        _denyInsteadOfPrompting = EffectiveSettingsBuilder.Order(settings)
            .Where(d => d.Source is SettingsSource.Managed or SettingsSource.Flag or SettingsSource.User)
            .Select(d => d.Root.ValueKind == JsonValueKind.Object && d.Root.TryGetProperty("permissions", out var p) && p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("denyInsteadOfPrompting", out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : (bool?)null)
            .FirstOrDefault(v => v is not null) == true;

        var denyRead = effective.Get("sandbox.filesystem.denyRead")?.Value is { ValueKind: JsonValueKind.Array } entries
            ? entries.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList()
            : [];
        Sandbox = SandboxReadNote.From(effective);
        _sandboxDenyMatchers = Sandbox is null ? [] : [.. denyRead.Select(p => SandboxMatcher(p, launch, homeDirectory))];
    }

    /// <summary>The launch directory followed by every additional directory, absolute (the project's only when trusted).</summary>
    public IReadOnlyList<string> WorkingDirectories { get; }

    public SandboxReadNote? Sandbox { get; }

    public ReadAccess EvaluateRead(string absolutePath)
    {
        var path = Normalise(absolutePath);
        return Evaluate(path, "Read", "file_path", path);
    }

    public ReadAccess EvaluateBashCat(string absolutePath)
    {
        var path = Normalise(absolutePath);
        if (_sandboxDenyMatchers.Any(m => m(path)))
        {
            return new ReadAccess(ReadDecision.Deny, "sandbox.filesystem.denyRead blocks it for shell commands");
        }

        var access = Evaluate(path, "Bash", "command", "cat '" + path.Replace("'", @"'\''", StringComparison.Ordinal) + "'");
        return access with { Reason = "Bash cat: " + access.Reason };
    }

    private ReadAccess Evaluate(string path, string tool, string field, string value)
    {
        using var input = JsonDocument.Parse($"{{\"{field}\":{JsonSerializer.Serialize(value)}}}");
        var decision = _engine.Decide(tool, input.RootElement);
        var reason = decision.Rule is null ? decision.Reason : $"{decision.Reason} ({decision.Source} settings, {decision.Location})";
        var fromAskRule = decision.Decision == PermissionDecisionKind.Ask && decision.Rule is not null;
        if (_blockReadsOutside && decision.Decision != PermissionDecisionKind.Deny && !fromAskRule && !WorkingDirectories.Any(wd => TreeWalker.IsUnder(path, wd)))
        {
            return new ReadAccess(ReadDecision.Deny, "outside the working directories and permissions.blockReadsOutsideWorkingDirectories is true");
        }

        return decision.Decision switch
        {
            PermissionDecisionKind.Allow => new ReadAccess(ReadDecision.Allow, reason, decision.Rule),
            PermissionDecisionKind.Deny => new ReadAccess(ReadDecision.Deny, reason, decision.Rule),
            // Auto and plan mode hand the prompt to a classifier: no static answer, so it counts as one prompt away.
            PermissionDecisionKind.Classifier => new ReadAccess(ReadDecision.Ask, reason, decision.Rule),
            _ when _denyInsteadOfPrompting => new ReadAccess(ReadDecision.Deny, reason + "; would prompt, but permissions.denyInsteadOfPrompting denies instead", decision.Rule),
            _ => new ReadAccess(ReadDecision.Ask, reason, decision.Rule),
        };
    }

    private static Func<string, bool> SandboxMatcher(string pattern, string launchDirectory, string home)
    {
        // Sandbox paths are filesystem paths: '/' is absolute, '~' the home, anything else relative to the launch.
        var absolute = pattern.StartsWith("//", StringComparison.Ordinal) ? pattern[1..] : pattern.StartsWith('/') ? pattern : Resolve(pattern, launchDirectory, home);
        var rule = new IgnoreRule(absolute.TrimStart('/'), MatchFlags.PATHNAME);
        var prefix = absolute.TrimEnd('/', '*');
        return path => TreeWalker.IsUnder(path, prefix.Length == 0 ? "/" : prefix) || rule.IsMatch(path.TrimStart('/'), false);
    }

    private static string Resolve(string directory, string launchDirectory, string home) =>
        Normalise(directory == "~" ? home : directory.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, directory[2..]) : Path.Combine(launchDirectory, directory));

    private static string Normalise(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
