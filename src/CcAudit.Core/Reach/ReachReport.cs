using CcAudit.Core.Common;
using CcAudit.Core.Rules;

namespace CcAudit.Core.Reach;

/// <summary>The reach of every launch directory, with findings and what the walk could not see.</summary>
public sealed record ReachReport(IReadOnlyList<LaunchReach> Launches, IReadOnlyList<Finding> Findings, IReadOnlyList<Diagnostic> Diagnostics);
