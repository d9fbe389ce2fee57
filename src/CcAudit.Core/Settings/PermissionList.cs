namespace CcAudit.Core.Settings;

/// <summary>Which permissions list a rule stands in.</summary>
public enum PermissionList
{
    Allow,
    Ask,
    Deny,
}
