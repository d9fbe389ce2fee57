using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;

namespace CcAudit.Core.Rules.Catalog;

/// <summary>Rules over the lines of a user's shell profiles, which every terminal (and so every Claude Code session) inherits.</summary>
internal abstract class ShellProfileCheck : AuditRule
{
    protected static RuleSample Profile(bool matches, string text) => new(matches, new Dictionary<Settings.SettingsSource, string>()) { ShellProfile = text };

    /// <summary>Each profile line once, however many Claude homes share the user home.</summary>
    protected static IEnumerable<ShellProfileLine> Lines(RuleContext context) => context.Homes.SelectMany(h => h.ShellProfile).Distinct();

    protected static SourceLocation At(ShellProfileLine line) => new(line.Path, line.Line, 1);
}

internal sealed partial class ProfileCredentialRule : ShellProfileCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA405", "Shell profile exports an Anthropic credential", Severity.High, AuditStep.Reach,
        "An API key or OAuth token written into .bashrc/.zshrc is plain text every process of the user reads, and every session's Bash inherits it: the agent can print or send it (`env`, `printenv`) without opening any file.",
        "Remove it from the profile and rotate it; use `apiKeyHelper` or the keychain login, or load it from a secret manager only for the command that needs it.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Profile(true, "export ANTHROPIC_API_KEY=sk-ant-api03-Zx9Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk0LzXcVbNm\n"), Profile(true, "set -gx CLAUDE_CODE_OAUTH_TOKEN sk-ant-oat01-Zx9Qw8Er7Ty6Ui5Op4As3Df2\n"),
         Profile(false, "export ANTHROPIC_API_KEY=\"$(pass show anthropic)\"\n"), Profile(false, "# export ANTHROPIC_API_KEY=sk-ant-old\n"), Profile(false, "echo $ANTHROPIC_API_KEY\n")];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Lines(context).Select(l => (Line: l, Match: Assignment().Match(l.Text))).Where(x => x.Match.Success && IsLiteral(x.Match.Groups["value"].Value))
            .Select(x => Found($"{x.Line.Path}:{x.Line.Line} sets {x.Match.Groups["name"].Value} in plain text: {Redaction.Redact(Unquote(x.Match.Groups["value"].Value))}",
                At(x.Line), x.Match.Groups["name"].Value));

    private static bool IsLiteral(string value) => Unquote(value) is { Length: >= 8 } v && !v.Contains('$', StringComparison.Ordinal) && !v.Contains('`', StringComparison.Ordinal);

    private static string Unquote(string value) => value.Trim().Trim('"', '\'');

    [GeneratedRegex(@"(?:^|[\s;])(?:export\s+|setenv\s+|set\s+(?:-[a-zA-Z]+\s+)+)?(?<name>ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|CLAUDE_CODE_OAUTH_TOKEN)(?:=|\s+)(?<value>""[^""]*""|'[^']*'|[^\s;]+)",
        RegexOptions.None, 1000)]
    private static partial Regex Assignment();
}

internal sealed partial class ProfileBypassAliasRule : ShellProfileCheck
{
    public override RuleMetadata Metadata { get; } = new("CCA406", "Shell alias or function starts Claude Code without permission prompts", Severity.High, AuditStep.PermissionDrift,
        "An alias or function that adds `--dangerously-skip-permissions` (or `--permission-mode bypassPermissions`) makes every `claude` typed in a terminal a bypass session, whatever the settings files say; it is where bypass sessions in transcripts usually come from.",
        "Remove the flag from the alias; use `acceptEdits` or narrow allow rules; in managed policy set `permissions.disableBypassPermissionsMode: \"disable\"`.");

    public override IReadOnlyList<RuleSample> Samples { get; } =
        [Profile(true, "alias cc='claude --dangerously-skip-permissions'\n"), Profile(true, "yolo() { claude --permission-mode bypassPermissions \"$@\"; }\n"),
         Profile(false, "alias cc='claude --permission-mode acceptEdits'\n"), Profile(false, "# alias cc='claude --dangerously-skip-permissions'\n")];

    public override IEnumerable<Finding> Analyze(RuleContext context) =>
        Lines(context).Where(ShellBypass.Starts)
            .Select(l => Found($"{l.Path}:{l.Line} starts Claude Code in bypassPermissions: {Activity.CommandClassifier.Normalise(l.Text)}", At(l),
                Name().Match(l.Text) is { Success: true } m ? m.Groups["name"].Value : l.Text.Trim()));

    [GeneratedRegex(@"^\s*(?:alias\s+(?<name>[\w.-]+)=|(?:function\s+)?(?<name>[\w.-]+)\s*\(\))", RegexOptions.None, 1000)]
    private static partial Regex Name();
}

/// <summary>A shell-profile line that starts Claude Code in bypass mode (an alias, a function, a wrapper), comments excluded.</summary>
internal static partial class ShellBypass
{
    public static bool Starts(ShellProfileLine line) => Claude().IsMatch(line.Text) && Bypass().IsMatch(line.Text);

    [GeneratedRegex(@"\bclaude\b", RegexOptions.None, 1000)]
    private static partial Regex Claude();

    [GeneratedRegex(@"--dangerously-skip-permissions|--permission-mode[=\s]+[""']?bypassPermissions|--allow-dangerously-skip-permissions", RegexOptions.None, 1000)]
    private static partial Regex Bypass();
}
