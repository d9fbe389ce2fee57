using CcAudit.Core.Audit;
using CcAudit.Core.Mcp.Checks;
using CcAudit.Core.Reach;
using CcAudit.Core.Rules;
using CcAudit.Core.Rules.Catalog;

namespace CcAudit.Core.Analysis;

/// <summary>
/// Every analyzer of ccaudit, registered once: the configuration rules, the reach rules, the live MCP checks and the
/// suppression expiry rule. Their rules are the catalog (<c>rules list</c>, docs/rules.md, SARIF rules); adding a rule is
/// one class listed here.
/// </summary>
public static class AnalyzerRegistry
{
    public static IReadOnlyList<IAnalyzer> All { get; } =
    [
        new AllowAllBashRule(), new RunnerPrefixRule(), new NetworkToolRule(), new GitPushRule(), new WebFetchAnyDomainRule(),
        new BroadReadRule(), new BypassModeRule(), new RiskyModeRule(), new SkipDangerousPromptRule(), new ManagedBypassNotDisabledRule(),
        new WideAdditionalDirectoriesRule(), new DeadPathRule(), new UnanchoredAllowGlobRule(), new PrimaryFieldParameterRule(),
        new SingleSlashPathRule(), new ShadowedAllowRule(), new DuplicateRuleRule(), new AccumulatedApprovalsRule(),
        new PrefixEvasionRule(), new WholeMcpServerAllowRule(), new InvalidRuleRule(), new DestructiveCommandRule(),
        new EnableAllProjectServersRule(),
        new ApprovedProjectServerRule(), new PlaintextTokenRule(), new PlainHttpServerRule(), new UnpinnedPackageRule(),
        new BroadFilesystemServerRule(), new ExternalContentServerRule(), new UnknownToProjectServerRule(), new HeadersHelperRule(),
        new ProjectHooksRule(), new PluginHooksRule(), new NetworkHookRule(), new DisableAllHooksRule(), new ProjectBaseUrlRule(), new ProjectProxyRule(),
        new ProjectCodeInjectionEnvRule(), new EnvCredentialRule(), new HelperCommandRule(), new ProjectCommandSettingsRule(),
        new TrustedHomeOrRootRule(), new PrimaryApiKeyRule(), new CredentialsModeRule(), new ExternalIncludesRule(),
        new ProfileCredentialRule(), new ProfileBypassAliasRule(),
        new NoManagedPolicyRule(), new TelemetryDisabledRule(), new ContentLoggingRule(), new NoConfigChangeHookRule(),
        new ShortRetentionRule(), new PlainOtlpEndpointRule(), new MonitorSetupGapRule(),
        new IgnoredTierRule(), new ManagedControlUnsetRule(),
        new PolicyHelperRule(), new UnsandboxedEscapeRule(), new ExcludedCommandsRule(), new AutoAllowSandboxedRule(),
        new WeakenedSandboxRule(), new BroadSandboxDomainRule(), new SandboxWriteRule(), new SandboxDenyWriteGlobRule(),
        new SandboxCredentialsRule(), new AutoModeDefaultsRule(), new HttpHookUrlsRule(), new UnofficialMarketplaceRule(),
        new RepositoryEnablesPluginsRule(), new UnlockedModsRule(), new SweptEvidenceRule(), new UnofficialPluginRule(),
            new RepositoryEnablesCodePluginRule(),
        new AgentPermissionModeRule(), new SkillAllowedToolsRule(), new HiddenInstructionTextRule(),
        new NetworkHookScriptRule(), new UserOutOfTheLoopRule(),
        new RedTeam.ExfiltrationProbeRule(), new RedTeam.EvasionProbeRule(), new RedTeam.SecretReadProbeRule(), new RedTeam.WriteAroundProbeRule(),
        new RedTeam.PersistenceProbeRule(), new RedTeam.UntrustedCheckoutProbeRule(), new RedTeam.McpProbeRule(), new RedTeam.ModeProbeRule(),
        RedTeam.ApprovalFatigueAnalyzer.Instance,
        RedTeam.Live.LiveRedTeamFindings.Instance,
        ReachFindings.Instance,
        McpContentAnalyzer.Instance,
        McpBehaviourChecks.Instance,
        ManagedSourceFindings.Instance,
        IgnoredDropInFindings.Instance,
        BaselineConformance.Instance,
        ExpiredSuppressionRule.Instance,
        .. Monitoring.MonitorRuleCatalog.Instances,
        .. Monitoring.TranscriptEvidenceRule.Instances,
    ];

    /// <summary>The configuration rules, in id order: what <c>scan</c> and <c>check</c> run over the scanned settings.</summary>
    public static IReadOnlyList<IAuditRule> ConfigurationRules { get; } =
        [.. All.OfType<IAuditRule>().OrderBy(r => r.Metadata.Id, StringComparer.Ordinal)];

    /// <summary>The metadata of every rule any analyzer reports, in id order; ids are unique (a test checks).</summary>
    public static IReadOnlyList<RuleMetadata> Rules { get; } =
        [.. All.SelectMany(a => a.Rules).OrderBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>Every analyzer that reads <typeparamref name="TEvidence"/>.</summary>
    public static IEnumerable<IAnalyzer<TEvidence>> For<TEvidence>() => All.OfType<IAnalyzer<TEvidence>>();

    /// <summary>The rule with this id, or null.</summary>
    public static RuleMetadata? Find(string id) => Rules.FirstOrDefault(r => r.Id == id);
}
