using CcAudit.Core.Common;

namespace CcAudit.Core.Reach;

/// <summary>
/// Collects diagnostics with a cap per code, so a tree of a million binaries yields a summary instead of a million
/// lines; the summary keeps the count honest. Safe to use from scanning threads.
/// </summary>
internal sealed class DiagnosticSink(int maxPerCode)
{
    private readonly Lock _gate = new();
    private readonly List<Diagnostic> _kept = [];
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    public void Add(Diagnostic diagnostic)
    {
        lock (_gate)
        {
            var count = _counts.GetValueOrDefault(diagnostic.Code) + 1;
            _counts[diagnostic.Code] = count;
            if (count <= maxPerCode)
            {
                _kept.Add(diagnostic);
            }
        }
    }

    public IReadOnlyList<Diagnostic> ToList()
    {
        lock (_gate)
        {
            var result = new List<Diagnostic>(_kept);
            foreach (var (code, count) in _counts.Where(c => c.Value > maxPerCode).OrderBy(c => c.Key, StringComparer.Ordinal))
            {
                var severity = _kept.First(d => d.Code == code).Severity;
                result.Add(new Diagnostic(severity, code, $"{count - maxPerCode:N0} more diagnostics with code {code} not listed ({count:N0} in all)"));
            }

            return result;
        }
    }
}
