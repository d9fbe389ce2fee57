using System.Globalization;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;
using CcAudit.Core.Reports;
using CcAudit.Core.Rules;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CcAudit.Core.Audit;

/// <summary>
/// Suppressions from <c>.ccaudit.yml</c> files (in launch directories and homes) and <c>--baseline</c> files. A suppression
/// without a reason or an expiry date is refused with a diagnostic; an expired one hides nothing and is a finding itself.
/// </summary>
public sealed class Suppressions(IReadOnlyList<Suppression> entries)
{
    public const string FileName = ".ccaudit.yml";

    public IReadOnlyList<Suppression> Entries { get; } = entries;

    public static ParseResult<Suppressions> Load(ScanResult scan, IReadOnlyList<string> extraFiles)
    {
        ArgumentNullException.ThrowIfNull(scan);
        var files = scan.Launches.Select(l => Path.Combine(l.Path, FileName))
            .Concat(scan.Homes.Select(h => Path.Combine(h.Home.UserHome, FileName)))
            .Where(File.Exists)
            .Concat(extraFiles)
            .Distinct(StringComparer.Ordinal);
        var entries = new List<Suppression>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in files)
        {
            var parsed = Parse(file);
            entries.AddRange(parsed.Value ?? []);
            diagnostics.AddRange(parsed.Diagnostics);
        }

        return ParseResult<Suppressions>.Ok(new Suppressions(entries), diagnostics);
    }

    public static ParseResult<IReadOnlyList<Suppression>> Parse(string path)
    {
        var text = SafeFile.ReadText(path, 1024 * 1024);
        return text.Value is null ? new ParseResult<IReadOnlyList<Suppression>>(null, text.Diagnostics) : Parse(text.Value, path);
    }

    public static ParseResult<IReadOnlyList<Suppression>> Parse(string yaml, string path)
    {
        var diagnostics = new List<Diagnostic>();
        var entries = new List<Suppression>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            return ParseResult<IReadOnlyList<Suppression>>.Fail(Diagnostic.Error(DiagnosticCodes.YamlMalformed, $"malformed YAML: {ex.Message}", new SourceLocation(path, (int)ex.Start.Line, (int)ex.Start.Column)));
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("suppressions"), out var list) || list is not YamlSequenceNode sequence)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.YamlMalformed, "no 'suppressions:' list; nothing is suppressed", new SourceLocation(path, 1, 1)));
            return new ParseResult<IReadOnlyList<Suppression>>(entries, diagnostics);
        }

        foreach (var node in sequence.Children)
        {
            var location = new SourceLocation(path, (int)node.Start.Line, (int)node.Start.Column);
            if (node is not YamlMappingNode map)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.YamlMalformed, "each suppression must be a mapping with rule, reason and expires", location));
                continue;
            }

            string? Get(string key) => map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value : null;
            var rule = Get("rule");
            var reason = Get("reason");
            var expires = Get("expires");
            if (string.IsNullOrWhiteSpace(rule) || string.IsNullOrWhiteSpace(reason) || !DateOnly.TryParseExact(expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.YamlMalformed, "suppression ignored: it needs 'rule', a 'reason' and 'expires: YYYY-MM-DD'", location));
                continue;
            }

            entries.Add(new Suppression(rule, Get("path"), Get("subject"), Get("fingerprint"), reason, date, location));
        }

        return new ParseResult<IReadOnlyList<Suppression>>(entries, diagnostics);
    }

    /// <summary>Splits findings into those kept, those suppressed, and findings for suppressions past their expiry.</summary>
    public (IReadOnlyList<Finding> Kept, IReadOnlyList<SuppressedFinding> Suppressed, IReadOnlyList<Finding> Expired) Apply(IEnumerable<Finding> findings, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var kept = new List<Finding>();
        var suppressed = new List<SuppressedFinding>();
        foreach (var finding in findings)
        {
            var match = Entries.FirstOrDefault(s => s.Expires >= today && Matches(s, finding));
            if (match is null)
            {
                kept.Add(finding);
            }
            else
            {
                suppressed.Add(new SuppressedFinding(finding, match.Reason, match.Expires, match.Location.ToString()));
            }
        }

        return (kept, suppressed, [.. ExpiredSuppressionRule.Instance.Analyze(new SuppressionEvidence(Entries, today))]);
    }

    private static bool Matches(Suppression suppression, Finding finding) =>
        suppression.Rule == finding.RuleId
        && (suppression.Subject is null || suppression.Subject == finding.Subject)
        && (suppression.Fingerprint is null || suppression.Fingerprint == finding.Fingerprint)
        && (suppression.PathGlob is null || (finding.Location is { } l && Glob(suppression.PathGlob).IsMatch(l.Path)));

    private static Regex Glob(string glob)
    {
        var pattern = glob.StartsWith('/') ? glob : "**/" + glob;
        var regex = Regex.Escape(pattern).Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal).Replace(@"\*\*", ".*", StringComparison.Ordinal).Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + regex + "$", RegexOptions.None, TimeSpan.FromSeconds(1));
    }
}
