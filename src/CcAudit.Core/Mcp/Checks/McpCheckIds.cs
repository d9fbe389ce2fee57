namespace CcAudit.Core.Mcp.Checks;

/// <summary>Stable rule ids of the checks on what live MCP servers say (the 3xx block of the catalog).</summary>
public static class McpCheckIds
{
    public const string HiddenInstructions = "CCA301";
    public const string InvisibleUnicode = "CCA302";
    public const string ExfiltrationParameter = "CCA303";
    public const string SensitivePathReference = "CCA304";
    public const string CrossServerShadowing = "CCA305";
    public const string OverBroadCapability = "CCA306";
    public const string ToolNameCollision = "CCA307";
    public const string RugPull = "CCA308";
    public const string ToolSetChanged = "CCA309";
    public const string BaitAndSwitch = "CCA310";
    public const string InspectionFailed = "CCA311";
    public const string ToolRenamed = "CCA312";
}
