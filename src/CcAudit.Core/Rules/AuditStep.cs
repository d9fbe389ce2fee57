namespace CcAudit.Core.Rules;

/// <summary>The seven steps of a Claude Code audit; every rule and report section belongs to one.</summary>
public enum AuditStep
{
    Inventory = 1,
    PermissionDrift = 2,
    McpServers = 3,
    Reach = 4,
    Monitoring = 5,
    RedTeam = 6,
    Document = 7,
}
