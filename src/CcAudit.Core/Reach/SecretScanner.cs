using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Reach;

/// <summary>
/// Finds secrets in text. A vectorised search for the literals every pattern starts with finds anchors, one anchored
/// regex (all provider formats and generic assignments) is tried at each, and each candidate is then validated:
/// placeholders, documentation examples and low-entropy values are dropped so that findings stay believable.
/// </summary>
public static partial class SecretScanner
{
    /// <summary>Below this Shannon entropy (bits per character) a generic assignment is taken for a word, not a secret.</summary>
    public const double GenericEntropyThreshold = 3.3;

    private static readonly string[] PlaceholderMarkers =
    [
        "example", "sample", "placeholder", "changeme", "change_me", "change-me", "your", "xxxx", "dummy", "fake", "redacted",
        "todo", "****", "<", ">", "${", "{{", "%(", "$(", "process.env", "os.environ", "getenv", "env.", "secrets.", "vault:",
        "...", "insert", "replace", "notreal", "not_real", "not-a-", "0000000", "1234567", "abcdef", "password", "secret",
    ];

    private static readonly SearchValues<string> Placeholders = SearchValues.Create(PlaceholderMarkers, StringComparison.OrdinalIgnoreCase);

    private static readonly HashSet<string> PlaceholderPasswords = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "pass", "passwd", "pwd", "secret", "changeme", "xxx", "****", "root", "admin", "user", "test", "postgres", "mysql",
    };

    /// <summary>
    /// The candidate pattern (verbose syntax, one alternative per line), each alternative starting with one of the
    /// anchors below. Public so the benchmark can hand the very same pattern to ripgrep.
    /// </summary>
    public const string CandidatePattern = """
        (?<aws>\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b)
        |(?<awssecret>(?i:aws_?secret_?access_?key|aws_?secret_?key)["']?\s*[:=]\s*["']?(?<awsv>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=]))
        |(?<gh>\bgh[pousr]_[A-Za-z0-9]{36}\b)
        |(?<ghpat>\bgithub_pat_[A-Za-z0-9_]{82}\b)
        |(?<gl>\bglpat-[A-Za-z0-9_-]{20,}\b)
        |(?<slack>\bxox[abposr]-[0-9A-Za-z-]{10,}\b)
        |(?<ant>\bsk-ant-[a-z0-9]+-[A-Za-z0-9_-]{32,})
        |(?<oai>\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{16,}T3BlbkFJ[A-Za-z0-9_-]{16,}|\bsk-[A-Za-z0-9]{48}\b)
        |(?<stripe>\b[sr]k_live_[0-9A-Za-z]{24,}\b)
        |(?<pem>-----BEGIN\ (?:[A-Z0-9]+\ )*PRIVATE\ KEY(?:\ BLOCK)?-----)
        |(?<jwt>\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})
        |(?<db>\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver)://[^\s:/@"'`]*:(?<dbpw>[^\s@/"'`]+)@[^\s"'`/:]+)
        |(?<url>\bhttps?://[^\s:/@"'`]+:(?<urlpw>[^\s@/"'`]{12,})@[A-Za-z0-9.-]+)
        |(?<gsa>"type"\s*:\s*"service_account")
        |(?<gen>(?i:secret|token|passw(?:or)?d|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key|credentials?)[A-Za-z0-9_.-]*["']?[\ \t]*(?::=|=>|[:=])[\ \t]*["'`]?(?<genv>[^\s"'`,;)}\]]{12,}))
        """;

    [GeneratedRegex(@"\G(?:" + CandidatePattern + ")", RegexOptions.IgnorePatternWhitespace | RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex Candidates();

    [GeneratedRegex("\"private_key\"\\s*:\\s*\"(?<v>[^\"]{64,})\"", RegexOptions.ExplicitCapture | RegexOptions.CultureInvariant)]
    private static partial Regex ServiceAccountPrivateKey();

    /// <summary>
    /// Case-sensitive literals that start the provider formats, plus "://", from which a URL's scheme is found by
    /// looking back. Scanning is two-stage: vectorised multi-literal searches find anchors, and the regex is tried
    /// once, anchored, at each. Two small sets instead of one large case-insensitive one: the vectorised search
    /// verifies far fewer false candidates, and "http" or "redis" as identifiers no longer stop it (3.5× faster on
    /// the benchmark tree, docs/benchmarks.md, Reach).
    /// </summary>
    private static readonly SearchValues<string> FormatAnchors = SearchValues.Create(
        [
            "AKIA", "ASIA", "ABIA", "ACCA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "sk-", "sk_live_", "rk_live_",
            "-----BEGIN", "eyJ", "\"type\"", "://",
        ],
        StringComparison.Ordinal);

    /// <summary>The words the case-insensitive alternatives (generic assignments, AWS secret keys) start with.</summary>
    private static readonly SearchValues<string> KeywordAnchors = SearchValues.Create(
        [
            "aws", "secret", "token", "passw", "api_key", "api-key", "apikey", "access_key", "access-key", "accesskey", "private_key", "private-key",
            "privatekey", "auth_key", "auth-key", "authkey", "credential",
        ],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>The longest URL scheme of <see cref="CandidatePattern"/> ("mongodb+srv").</summary>
    private const int MaxSchemeLength = 11;

    /// <summary>Scans <paramref name="text"/> and returns every validated secret, each redacted.</summary>
    public static IReadOnlyList<SecretHit> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Scan(text.AsMemory());
    }

    /// <summary>Scans text held in a (pooled) buffer; nothing is allocated except for candidates.</summary>
    /// <remarks>Fully optimised from the first call: a one-shot CLI scan never reaches the later JIT tiers in time.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<SecretHit> Scan(ReadOnlyMemory<char> text)
    {
        List<SecretHit>? hits = null;
        var context = new ScanContext(text);
        var serviceAccount = false;
        var span = text.Span;
        var position = 0;
        var format = Next(span, 0, FormatAnchors);
        var keyword = Next(span, 0, KeywordAnchors);
        while (Math.Min(format, keyword) < span.Length)
        {
            var anchor = Math.Min(format, keyword);
            var consumed = position;
            position = anchor + 1;
            if (anchor == keyword && Plausible(span, anchor))
            {
                position = TryAt(span, anchor, position, context, ref hits, ref serviceAccount, genericOnly: !Starts(span, anchor, "aws"));
            }
            else if (anchor == format && span[anchor] == ':')
            {
                // A URL is anchored on its "://" and the regex starts at the scheme, the word just before it. With a
                // "+srv"-style suffix the word before that is tried first, as a left-to-right search would have.
                var floor = Math.Max(consumed, anchor - MaxSchemeLength);
                var scheme = WordStart(span, anchor, floor);
                if (scheme > floor && span[scheme - 1] == '+' && WordStart(span, scheme - 1, floor) is var longer && longer < scheme - 1)
                {
                    position = TryAt(span, longer, position, context, ref hits, ref serviceAccount, genericOnly: false);
                }

                if (position == anchor + 1 && scheme < anchor)
                {
                    position = TryAt(span, scheme, position, context, ref hits, ref serviceAccount, genericOnly: false);
                }
            }
            else if (anchor == format)
            {
                position = TryAt(span, anchor, position, context, ref hits, ref serviceAccount, genericOnly: false);
            }

            if (format < position)
            {
                format = Next(span, position, FormatAnchors);
            }

            if (keyword < position)
            {
                keyword = Next(span, position, KeywordAnchors);
            }
        }

        if (hits is null)
        {
            return [];
        }

        // A service-account JSON holds a PEM key and a key id; report it once, as the service account they belong to.
        if (serviceAccount)
        {
            hits.RemoveAll(h => h.Kind is SecretKind.PrivateKey or SecretKind.GenericHighEntropy);
        }

        return hits;
    }

    /// <summary>The next anchor of <paramref name="anchors"/> at or after <paramref name="from"/>; the text's length when there is none.</summary>
    private static int Next(ReadOnlySpan<char> text, int from, SearchValues<string> anchors)
    {
        var found = text[from..].IndexOfAny(anchors);
        return found < 0 ? text.Length : from + found;
    }

    /// <summary>Where the word ending before <paramref name="end"/> starts, looking back no further than <paramref name="limit"/>.</summary>
    private static int WordStart(ReadOnlySpan<char> text, int end, int limit)
    {
        var start = end;
        while (start > limit && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] == '_'))
        {
            start--;
        }

        return start;
    }

    /// <summary>
    /// Tries the regex at <paramref name="start"/>; the position the search resumes from. Pass
    /// <paramref name="genericOnly"/> when only the generic assignment can match there (a keyword other than "aws").
    /// </summary>
    private static int TryAt(ReadOnlySpan<char> span, int start, int resume, ScanContext context, ref List<SecretHit>? hits, ref bool serviceAccount, bool genericOnly)
    {
        foreach (var candidate in Candidates().EnumerateMatches(span, start))
        {
            // Before its value a generic assignment holds no '(', so one in the candidate is in the value: a call,
            // which validation rejects. Code is full of these (password = readPassword(…)); they skip the group match.
            if (genericOnly && span.Slice(candidate.Index, candidate.Length).Contains('('))
            {
                return Math.Max(resume, candidate.Index + Math.Max(1, candidate.Length));
            }

            // Only candidates become strings; groups come from matching the candidate alone.
            var match = Candidates().Match(span.Slice(candidate.Index, candidate.Length).ToString());
            var hit = match.Success ? Validate(match, candidate.Index, context, ref serviceAccount) : null;
            if (hit is not null)
            {
                (hits ??= []).Add(hit);
            }

            return Math.Max(resume, candidate.Index + Math.Max(1, candidate.Length));
        }

        return resume;
    }

    /// <summary>
    /// Cheap rejection before the regex: a keyword anchor ("token", "password"…) only matters when an assignment
    /// follows. In source code most anchors are identifiers like <c>getToken(</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Plausible(ReadOnlySpan<char> text, int anchor)
    {
        var first = (char)(text[anchor] | 0x20);
        var keyword = first switch
        {
            's' => Starts(text, anchor, "secret"),
            't' => true,
            'p' => Starts(text, anchor, "passw") || Starts(text, anchor, "private"),
            'a' => Starts(text, anchor, "api") || Starts(text, anchor, "access") || Starts(text, anchor, "auth"),
            'c' => true,
            _ => false,
        };
        if (!keyword)
        {
            return true;
        }

        var i = anchor;
        while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '.' or '-'))
        {
            i++;
        }

        if (i < text.Length && text[i] is '"' or '\'')
        {
            i++;
        }

        while (i < text.Length && text[i] is ' ' or '\t')
        {
            i++;
        }

        return i < text.Length && text[i] is ':' or '=';
    }

    private static bool Starts(ReadOnlySpan<char> text, int index, string literal) =>
        text[index..].StartsWith(literal, StringComparison.OrdinalIgnoreCase);

    /// <summary>Shannon entropy of <paramref name="value"/> in bits per character.</summary>
    public static double Entropy(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return 0;
        }

        Span<int> counts = stackalloc int[128];
        var other = new Dictionary<char, int>();
        foreach (var c in value)
        {
            if (c < 128)
            {
                counts[c]++;
            }
            else
            {
                other[c] = other.GetValueOrDefault(c) + 1;
            }
        }

        double entropy = 0;
        double length = value.Length;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = count / length;
                entropy -= p * Math.Log2(p);
            }
        }

        foreach (var count in other.Values)
        {
            var p = count / length;
            entropy -= p * Math.Log2(p);
        }

        return entropy;
    }

    /// <summary>True when a value is a documentation placeholder or a reference to a secret held elsewhere.</summary>
    public static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        value.IsEmpty || value.IndexOfAny(Placeholders) >= 0 || value.IndexOfAnyExcept(value[0]) < 0;

    private static SecretHit? Validate(Match match, int offset, ScanContext context, ref bool serviceAccount)
    {
        var groups = match.Groups;
        if (groups["gen"].Success)
        {
            return ValidateGeneric(groups["genv"].Value, offset, context);
        }

        if (groups["aws"].Success)
        {
            return match.Value.Contains("EXAMPLE", StringComparison.Ordinal) ? null : Hit(SecretKind.AwsAccessKeyId, match.Value, offset, context);
        }

        if (groups["awssecret"].Success)
        {
            var value = groups["awsv"].Value;
            return value.Contains("EXAMPLE", StringComparison.Ordinal) || Entropy(value) < 4.0 ? null : Hit(SecretKind.AwsSecretAccessKey, value, offset, context);
        }

        if (groups["gh"].Success || groups["ghpat"].Success)
        {
            return Hit(SecretKind.GitHubToken, match.Value, offset, context);
        }

        if (groups["gl"].Success)
        {
            return Hit(SecretKind.GitLabToken, match.Value, offset, context);
        }

        if (groups["slack"].Success)
        {
            return IsPlaceholder(match.Value.AsSpan(5)) ? null : Hit(SecretKind.SlackToken, match.Value, offset, context);
        }

        if (groups["ant"].Success)
        {
            return IsPlaceholder(match.Value.AsSpan(7)) ? null : Hit(SecretKind.AnthropicApiKey, match.Value, offset, context);
        }

        if (groups["oai"].Success)
        {
            return Hit(SecretKind.OpenAiApiKey, match.Value, offset, context);
        }

        if (groups["stripe"].Success)
        {
            return Hit(SecretKind.StripeLiveKey, match.Value, offset, context);
        }

        if (groups["pem"].Success)
        {
            var body = PemBody(context.Text.Span, offset + match.Length);
            return body is null ? null : Hit(SecretKind.PrivateKey, body, offset, context);
        }

        if (groups["jwt"].Success)
        {
            return IsJwtHeader(match.Value) ? Hit(SecretKind.JsonWebToken, match.Value, offset, context) : null;
        }

        if (groups["db"].Success)
        {
            var password = groups["dbpw"].Value;
            return IsPlaceholderPassword(password) ? null : Hit(SecretKind.DatabaseUrlPassword, password, offset, context);
        }

        if (groups["url"].Success)
        {
            var password = groups["urlpw"].Value;
            return IsPlaceholderPassword(password) || Entropy(password) < GenericEntropyThreshold ? null : Hit(SecretKind.UrlCredentials, password, offset, context);
        }

        if (groups["gsa"].Success)
        {
            var whole = context.Whole;
            if (!whole.Contains("\"client_email\"", StringComparison.Ordinal))
            {
                return null;
            }

            var key = ServiceAccountPrivateKey().Match(whole);
            if (!key.Success || !key.Value.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                return null;
            }

            serviceAccount = true;
            return Hit(SecretKind.GoogleServiceAccountKey, key.Groups["v"].Value, key.Index, context);
        }

        return null;
    }

    private static SecretHit? ValidateGeneric(string value, int index, ScanContext context)
    {
        // Code, not a literal: calls and interpolation. No provider key contains these either, so reject first.
        if (value.Contains('(', StringComparison.Ordinal) || value.StartsWith('$') || value.StartsWith('@'))
        {
            return null;
        }

        // "GITHUB_TOKEN=ghp_…": the assignment matched first; a provider format in the value is judged as that format.
        var inner = Candidates().Match(value);
        if (inner.Success && inner.Index == 0 && !inner.Groups["gen"].Success)
        {
            var ignored = false;
            return Validate(inner, 0, new ScanContext(value.AsMemory()), ref ignored) is { } hit ? hit with { Line = context.LineAt(index) } : null;
        }

        if (IsPlaceholder(value) || Entropy(value) < GenericEntropyThreshold)
        {
            return null;
        }

        // Words and identifiers made only of letters are names, not secrets.
        var hasDigit = value.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        var hasLetter = value.AsSpan().IndexOfAnyInRange('a', 'z') >= 0 || value.AsSpan().IndexOfAnyInRange('A', 'Z') >= 0;
        if (!hasDigit || !hasLetter)
        {
            return null;
        }

        return Hit(SecretKind.GenericHighEntropy, value, index, context);
    }

    private static bool IsPlaceholderPassword(string password) =>
        PlaceholderPasswords.Contains(password) || password.StartsWith('$') || password.StartsWith('%') || IsPlaceholder(password);

    private static bool IsJwtHeader(string token)
    {
        var header = token.AsSpan(0, token.IndexOf('.', StringComparison.Ordinal));
        Span<char> padded = stackalloc char[header.Length + 3];
        header.CopyTo(padded);
        var length = header.Length;
        for (var i = 0; i < length; i++)
        {
            padded[i] = padded[i] switch { '-' => '+', '_' => '/', var c => c };
        }

        while (length % 4 != 0)
        {
            padded[length++] = '=';
        }

        Span<byte> decoded = stackalloc byte[length];
        if (!Convert.TryFromBase64Chars(padded[..length], decoded, out var written))
        {
            return false;
        }

        var json = Encoding.UTF8.GetString(decoded[..written]);
        return json.Contains("\"alg\"", StringComparison.Ordinal);
    }

    /// <summary>The key material after a BEGIN line, or null when the block is an empty documentation stub.</summary>
    private static string? PemBody(ReadOnlySpan<char> text, int start)
    {
        var end = text.Slice(start, Math.Min(text.Length - start, 16384)).IndexOf("-----END", StringComparison.Ordinal);
        var slice = text.Slice(start, end < 0 ? Math.Min(text.Length - start, 4096) : end);
        var body = new StringBuilder(slice.Length);
        for (var i = 0; i < slice.Length; i++)
        {
            var c = slice[i];
            if (c == '\\' && i + 1 < slice.Length && slice[i + 1] == 'n')
            {
                i++;
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            {
                body.Append(c);
            }
        }

        return body.Length >= 64 ? body.ToString() : null;
    }

    private static SecretHit Hit(SecretKind kind, string value, int index, ScanContext context) =>
        new(kind, context.LineAt(index), Redaction.Redact(value));

    /// <summary>The text being scanned, with incremental line counting (matches arrive in order, so it is walked once).</summary>
    private sealed class ScanContext(ReadOnlyMemory<char> text)
    {
        private int _position;
        private int _line = 1;
        private string? _whole;

        public ReadOnlyMemory<char> Text => text;

        /// <summary>The whole text as a string, for the rare checks that need a regex over all of it.</summary>
        public string Whole => _whole ??= text.ToString();

        public int LineAt(int index)
        {
            if (index < _position)
            {
                _position = 0;
                _line = 1;
            }

            _line += text.Span[_position..index].Count('\n');
            _position = index;
            return _line;
        }
    }
}
