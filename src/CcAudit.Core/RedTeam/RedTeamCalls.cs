using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Activity;
using CcAudit.Core.Common;
using CcAudit.Core.Settings;

namespace CcAudit.Core.RedTeam;

/// <summary>Builds probe tool calls and renders them for people, secrets redacted.</summary>
public static class RedTeamCalls
{
    /// <summary>The host every exfiltration probe sends to (a reserved name: nothing real answers there).</summary>
    public const string AttackerHost = "attacker.example";

    public static JsonElement Input(string field, string value, string? field2 = null, string? value2 = null)
    {
        var node = new JsonObject { [field] = value };
        if (field2 is not null)
        {
            node[field2] = value2;
        }

        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>The primary field of a call, as rules and people name it: Bash(command), Read(path), WebFetch(url) …</summary>
    public static string Display(string tool, JsonElement input)
    {
        string? Field(string name) => input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
        var primary = tool switch
        {
            "Bash" => Field("command") is { } c ? CommandClassifier.Normalise(c) : null,
            "Read" or "Edit" or "Write" or "MultiEdit" => Field("file_path"),
            "WebFetch" => Field("url"),
            "session" => Field("effect"),
            _ => input.ValueKind == JsonValueKind.Object ? input.GetRawText() : null,
        };
        return primary is null ? tool : $"{tool}({primary})";
    }

    /// <summary>The literal prefix of a Bash rule (<c>Bash(git push:*)</c> → <c>git push</c>), "" for every command, null if not a Bash rule.</summary>
    public static string? BashPrefix(PermissionRuleText rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Tool != "Bash")
        {
            return null;
        }

        if (rule.BashPattern is not { } pattern || pattern.Trim() is "*" or "")
        {
            return string.Empty;
        }

        var trimmed = pattern.EndsWith(" *", StringComparison.Ordinal) ? pattern[..^2] : pattern.TrimEnd('*');
        return trimmed.Replace("*", "x", StringComparison.Ordinal).Trim();
    }

    /// <summary>A concrete path a Read/Edit path rule covers: anchors resolved, globs filled with plausible names.</summary>
    public static string? SamplePath(PermissionRuleText rule, string cwd, string home)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Specifier is not { Length: > 0 } spec || rule.Tool is not ("Read" or "Edit" or "Write"))
        {
            return null;
        }

        var path = spec.StartsWith("//", StringComparison.Ordinal) ? spec[1..]
            : spec.StartsWith("~/", StringComparison.Ordinal) ? home.TrimEnd('/') + spec[1..]
            : spec.StartsWith("./", StringComparison.Ordinal) ? cwd.TrimEnd('/') + spec[1..]
            : spec.StartsWith('/') ? cwd.TrimEnd('/') + spec
            : cwd.TrimEnd('/') + "/" + spec;
        path = path.Replace("/**/", "/", StringComparison.Ordinal);
        if (path.EndsWith("/**", StringComparison.Ordinal))
        {
            path = path[..^3] + (path.Contains("/.ssh", StringComparison.Ordinal) ? "/id_ed25519" : "/credentials");
        }

        path = path.Replace("**", "x", StringComparison.Ordinal).Replace("*", "x", StringComparison.Ordinal);
        var brace = path.IndexOf('{', StringComparison.Ordinal);
        if (brace >= 0 && path.IndexOf('}', brace) is var close and > 0)
        {
            var first = path[(brace + 1)..close].Split(',')[0];
            path = path[..brace] + first + path[(close + 1)..];
        }

        return path;
    }

    /// <summary>Single-quotes a word for a shell command line.</summary>
    public static string Quote(string word) =>
        word.All(c => char.IsLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '~' or '@' or ':' or '=') ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Redacts anything secret-looking in text that came from a settings file before it reaches a report.</summary>
    public static string Safe(string text) => CommandClassifier.Normalise(text ?? string.Empty);

    internal static SourceLocation? Where(PermissionRuleEntry entry) => entry?.Location;
}
