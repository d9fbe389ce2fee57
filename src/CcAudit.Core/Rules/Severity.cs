namespace CcAudit.Core.Rules;

/// <summary>Finding severity, ordered so that comparisons express "at or above".</summary>
public enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
