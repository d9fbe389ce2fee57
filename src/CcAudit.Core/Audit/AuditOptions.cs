namespace CcAudit.Core.Audit;

/// <summary>What an audit run adds on top of the inventory.</summary>
/// <param name="Reach">Walk every existing launch directory for reachable secrets, credentials and infrastructure code (slower).</param>
/// <param name="SuppressionFiles">Extra suppression files (<c>--baseline</c>); <c>.ccaudit.yml</c> in launch directories and homes are read too.</param>
public sealed record AuditOptions(bool Reach = false, IReadOnlyList<string>? SuppressionFiles = null);
