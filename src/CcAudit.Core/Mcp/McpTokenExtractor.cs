using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp;

/// <summary>
/// Finds the credentials an MCP server config carries in plain text (header values, env values, URL userinfo and query,
/// secret-looking arguments) and renders its command line with them redacted. The raw values never leave this class.
/// </summary>
public static partial class McpTokenExtractor
{
    /// <summary>A credential found in a server config, already redacted.</summary>
    public sealed record Token(string Where, string Name, RedactedSecret Value);

    public static IReadOnlyList<Token> Extract(McpServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var tokens = new List<Token>();
        foreach (var (name, value) in server.Headers.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            if (!IsReference(value) && value.Length > 0)
            {
                tokens.Add(new Token("header", name, Redaction.Redact(value)));
            }
        }

        foreach (var (name, value) in server.Env.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!IsReference(value) && (SecretName().IsMatch(name) || LooksLikeKey(value)))
            {
                tokens.Add(new Token("env", name, Redaction.Redact(value)));
            }
        }

        if (Uri.TryCreate(server.Url, UriKind.Absolute, out var uri))
        {
            if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
            {
                tokens.Add(new Token("url", "userinfo", Redaction.Redact(Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[1]))));
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var kv = pair.Split('=', 2);
                if (kv.Length == 2 && (SecretName().IsMatch(kv[0]) || LooksLikeKey(kv[1])))
                {
                    tokens.Add(new Token("url", kv[0], Redaction.Redact(Uri.UnescapeDataString(kv[1]))));
                }
            }
        }

        for (var i = 0; i < server.Args.Count; i++)
        {
            var arg = server.Args[i];
            var assignment = ArgAssignment().Match(arg);
            if (assignment.Success && (SecretName().IsMatch(assignment.Groups["key"].Value) || LooksLikeKey(assignment.Groups["value"].Value)))
            {
                tokens.Add(new Token("arg", assignment.Groups["key"].Value, Redaction.Redact(assignment.Groups["value"].Value)));
            }
            else if (SecretFlag().IsMatch(arg) && i + 1 < server.Args.Count && !IsReference(server.Args[i + 1]))
            {
                tokens.Add(new Token("arg", arg, Redaction.Redact(server.Args[++i])));
            }
            else if (HeaderFlag().IsMatch(arg) && i + 1 < server.Args.Count && HeaderArg(server.Args[i + 1]) is { } header)
            {
                tokens.Add(new Token("header", header.Name, Redaction.Redact(header.Value)));
                i++;
            }
            else if (LooksLikeKey(arg))
            {
                tokens.Add(new Token("arg", $"#{i}", Redaction.Redact(arg)));
            }
            else if (UrlPassword(arg) is { } password)
            {
                tokens.Add(new Token("arg", $"#{i} url password", Redaction.Redact(password)));
            }
        }

        return tokens;
    }

    /// <summary>The command line or URL with every extracted credential replaced by its redacted form.</summary>
    public static string Display(McpServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var text = server.Transport == McpTransport.Stdio ? string.Join(' ', [server.Command ?? string.Empty, .. server.Args]) : server.Url ?? string.Empty;
        foreach (var secret in RawSecrets(server))
        {
            text = Redaction.RedactWithin(text, secret);
        }

        return text;
    }

    private static IEnumerable<string> RawSecrets(McpServerConfig server)
    {
        if (Uri.TryCreate(server.Url, UriKind.Absolute, out var uri))
        {
            if (uri.UserInfo.Contains(':', StringComparison.Ordinal))
            {
                yield return uri.UserInfo.Split(':', 2)[1];
            }

            foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2))
            {
                if (SecretName().IsMatch(pair[0]) || LooksLikeKey(pair[1]))
                {
                    yield return pair[1];
                }
            }
        }

        for (var i = 0; i < server.Args.Count; i++)
        {
            var assignment = ArgAssignment().Match(server.Args[i]);
            if (assignment.Success && (SecretName().IsMatch(assignment.Groups["key"].Value) || LooksLikeKey(assignment.Groups["value"].Value)))
            {
                yield return assignment.Groups["value"].Value;
            }
            else if (SecretFlag().IsMatch(server.Args[i]) && i + 1 < server.Args.Count)
            {
                yield return server.Args[++i];
            }
            else if (HeaderFlag().IsMatch(server.Args[i]) && i + 1 < server.Args.Count && HeaderArg(server.Args[i + 1]) is { } header)
            {
                yield return header.Value;
                i++;
            }
            else if (LooksLikeKey(server.Args[i]))
            {
                yield return server.Args[i];
            }
            else if (UrlPassword(server.Args[i]) is { } password)
            {
                yield return password;
            }
        }
    }

    /// <summary>The password of a URL such as <c>postgres://user:pw@host/db</c>, or null.</summary>
    private static string? UrlPassword(string text) =>
        text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[1])
            : null;

    /// <summary>A <c>--header "Name: value"</c> argument whose header carries a credential (not a <c>${VAR}</c> reference).</summary>
    private static (string Name, string Value)? HeaderArg(string arg)
    {
        var colon = arg.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !SecretName().IsMatch(arg[..colon]))
        {
            return null;
        }

        var value = arg[(colon + 1)..].Trim();
        var scheme = value.IndexOf(' ', StringComparison.Ordinal);
        var credential = scheme > 0 && value[..scheme] is "Bearer" or "Basic" or "Token" or "bearer" ? value[(scheme + 1)..].Trim() : value;
        return credential.Length == 0 || IsReference(credential) || credential.StartsWith('$') ? null : (arg[..colon].Trim(), credential);
    }

    [GeneratedRegex(@"^(-H|--header|--headers|--http-header)$", RegexOptions.None, 1000)]
    private static partial Regex HeaderFlag();

    private static bool IsReference(string value) => value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}');

    /// <summary>Well-known credential formats; generic entropy guessing is left to the reach scanner.</summary>
    private static bool LooksLikeKey(string value) => KnownKeyFormat().IsMatch(value);

    [GeneratedRegex(@"(token|secret|password|passwd|pwd|api[-_]?key|apikey|auth|credential|private[-_]?key|access[-_]?key|client[-_]?secret|bearer)", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^-{1,2}[A-Za-z0-9_.-]*(token|secret|password|passwd|api[-_]?key|apikey|auth|credential)[A-Za-z0-9_.-]*$", RegexOptions.IgnoreCase, 1000)]
    private static partial Regex SecretFlag();

    [GeneratedRegex(@"^(?<key>-{0,2}[A-Za-z_][A-Za-z0-9_.-]*)=(?<value>.+)$", RegexOptions.None, 1000)]
    private static partial Regex ArgAssignment();

    [GeneratedRegex(@"^(sk-ant-[A-Za-z0-9_-]{20,}|sk-(proj-)?[A-Za-z0-9_-]{20,}|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|glpat-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|sk_live_[A-Za-z0-9]{20,}|rk_live_[A-Za-z0-9]{20,}|Bearer\s+\S{16,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+)$", RegexOptions.None, 1000)]
    private static partial Regex KnownKeyFormat();
}
