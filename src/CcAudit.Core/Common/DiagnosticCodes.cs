namespace CcAudit.Core.Common;

/// <summary>Stable diagnostic codes; reports and suppressions refer to them, so never renumber.</summary>
public static class DiagnosticCodes
{
    public const string FileMissing = "D001";
    public const string FileUnreadable = "D002";
    public const string FileTooLarge = "D003";
    public const string FileBinary = "D004";
    public const string FileNotUtf8 = "D005";
    public const string SymlinkLoop = "D006";
    public const string NotAFile = "D007";
    public const string SymlinkNotFollowed = "D008";
    public const string NeverLoaded = "D009";
    public const string JsonMalformed = "D010";
    public const string JsonLenient = "D011";
    public const string JsonEmpty = "D012";
    public const string JsonWrongType = "D013";
    public const string JsonlLineMalformed = "D020";
    public const string JsonlLineTruncated = "D021";
    public const string JsonlLineTooLong = "D022";
    public const string DirectoryUnreadable = "D030";
    public const string WalkLimit = "D031";
    public const string GitIndexUnreadable = "D032";
    public const string YamlMalformed = "D050";
    public const string SuppressionRefused = "D051";
    public const string McpNotLaunchable = "D070";
    public const string McpSandboxUnavailable = "D071";
    public const string McpInspectionFailed = "D072";
    public const string SnapshotInvalid = "D080";
    public const string SnapshotTampered = "D081";
    public const string SnapshotUnsigned = "D082";
    public const string SnapshotUntrusted = "D083";
    public const string SchemaNotFound = "D090";
    public const string PolicyFileMalformed = "D091";
}
