using CcAudit.Core.Rules.Catalog;

namespace CcAudit.Core.Rules;

/// <summary>Every configuration rule of ccaudit, in id order. Live MCP checks (CCA3xx) and reach rules (CCA8xx) report through their own engines.</summary>
public static class RuleCatalog
{
    public static IReadOnlyList<IAuditRule> All { get; } = new IAuditRule[]
    {
        new AllowAllBashRule(), new RunnerPrefixRule(), new NetworkToolRule(), new GitPushRule(), new WebFetchAnyDomainRule(), new BroadReadRule(),
        new BypassModeRule(), new RiskyModeRule(), new SkipDangerousPromptRule(), new ManagedBypassNotDisabledRule(), new WideAdditionalDirectoriesRule(),
        new DeadPathRule(), new UnanchoredAllowGlobRule(), new PrimaryFieldParameterRule(), new SingleSlashPathRule(), new ShadowedAllowRule(),
        new DuplicateRuleRule(), new AccumulatedApprovalsRule(), new PrefixEvasionRule(), new WholeMcpServerAllowRule(), new InvalidRuleRule(),
        new EnableAllProjectServersRule(), new ApprovedProjectServerRule(), new PlaintextTokenRule(), new PlainHttpServerRule(), new UnpinnedPackageRule(),
        new BroadFilesystemServerRule(), new ExternalContentServerRule(), new UnknownToProjectServerRule(), new HeadersHelperRule(),
        new ProjectHooksRule(), new NetworkHookRule(), new DisableAllHooksRule(), new ProjectBaseUrlRule(), new ProjectProxyRule(), new ProjectCodeInjectionEnvRule(),
        new EnvCredentialRule(), new HelperCommandRule(), new ProjectCommandSettingsRule(),
        new TrustedHomeOrRootRule(), new PrimaryApiKeyRule(), new CredentialsModeRule(), new ExternalIncludesRule(),
        new NoManagedPolicyRule(), new TelemetryDisabledRule(), new ContentLoggingRule(), new NoConfigChangeHookRule(), new ShortRetentionRule(), new PlainOtlpEndpointRule(), new MonitorSetupGapRule(),
        new AgentPermissionModeRule(), new SkillAllowedToolsRule(), new HiddenInstructionTextRule(), new NetworkHookScriptRule(),
    }.OrderBy(r => r.Metadata.Id, StringComparer.Ordinal).ToList();
}
