using System.Text.Json;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// A baseline policy: settings every launch directory should run with. The published ones (<c>strict</c>,
/// <c>recommended</c>, <c>hipaa</c>) are ccaudit data files restating the key/value facts of Anthropic's examples, with
/// their provenance; a team's own file has the same shape (<c>{"name","settings":{…}}</c>, or a bare settings object).
/// In a baseline, <c>"$present"</c> means "set to any value" and <c>null</c> means "leave unset".
/// </summary>
/// <param name="Name">The baseline's name.</param>
/// <param name="Origin">Where it came from: the published example it restates, or the team file's path.</param>
/// <param name="Settings">The expected settings object.</param>
/// <param name="ManagedOnly">Every expected value must come from managed policy (a managed baseline such as hipaa).</param>
public sealed record BaselinePolicy(string Name, string Origin, JsonElement Settings, bool ManagedOnly)
{
    public static IReadOnlyList<string> Published { get; } = ["strict", "recommended", "hipaa"];

    /// <summary>A published baseline by name, or a team's baseline file.</summary>
    public static ParseResult<BaselinePolicy> Load(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (Published.Contains(nameOrPath, StringComparer.Ordinal))
        {
            using var stream = typeof(BaselinePolicy).Assembly.GetManifestResourceStream($"ccaudit.baseline.{nameOrPath}.json")
                ?? throw new InvalidOperationException($"baseline {nameOrPath} is not embedded");
            using var reader = new StreamReader(stream);
            return FromJson(JsonFileReader.Parse(reader.ReadToEnd(), $"<baseline {nameOrPath}>"), nameOrPath);
        }

        return FromJson(JsonFileReader.Read(nameOrPath), nameOrPath);
    }

    private static ParseResult<BaselinePolicy> FromJson(ParseResult<JsonFile> read, string origin)
    {
        if (read.Value is not { Root.ValueKind: JsonValueKind.Object } file)
        {
            return read.Value is null ? new ParseResult<BaselinePolicy>(null, read.Diagnostics)
                : ParseResult<BaselinePolicy>.Fail(Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, "a baseline must be a JSON object", new SourceLocation(origin)));
        }

        var root = file.Root;
        var wrapped = root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object;
        var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : Path.GetFileNameWithoutExtension(origin);
        var provenance = root.TryGetProperty("provenance", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("repository", out var repo)
            ? $"{repo.GetString()}/{Text(p, "path")}@{Text(p, "commit")}"
            : origin;
        var managedOnly = root.TryGetProperty("managedOnly", out var m) && m.ValueKind == JsonValueKind.True;
        return ParseResult<BaselinePolicy>.Ok(new BaselinePolicy(name, provenance, (wrapped ? settings : root).Clone(), managedOnly), read.Diagnostics);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "?";
}
