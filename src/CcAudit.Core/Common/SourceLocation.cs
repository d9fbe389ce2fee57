namespace CcAudit.Core.Common;

/// <summary>
/// Where a value came from: a file, a 1-based line and column (0 when unknown), and the JSON pointer of the value
/// inside the file, so findings and SARIF results point at the exact setting.
/// </summary>
public sealed record SourceLocation(string Path, int Line = 0, int Column = 0, string? JsonPointer = null)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}:{Column}" : Path;
}
