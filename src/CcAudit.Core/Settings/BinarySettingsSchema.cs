using System.Text;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Settings;

/// <summary>
/// Reads the settings keys out of a Claude Code binary without running it. The native build is a Bun single-file
/// executable whose JavaScript chunks are stored as plain text; the settings schema is one zod object literal returned by a
/// factory (<c>return{$schema:()=&gt;n().optional().describe(…),apiKeyHelper:()=&gt;…}</c>): every top-level key is a
/// lazy member <c>name:()=&gt;</c> at depth one of that literal, conditional keys sit in a spread <c>...X&amp;&amp;{name:()=&gt;…}</c>.
/// Grouped keys (auto mode, voice, …) live in a registry whose entries are <c>{buildGate:…,shape:()=&gt;({…})}</c>. The
/// <c>permissions</c> and <c>sandbox</c> members call a factory by name (<c>Ne(()=&gt;Xl(e))</c>); its definition nearest to the
/// schema (<c>function Xl(e){return c({…</c> or <c>Tyr=p(()=&gt;c({…</c>) gives the nested keys, one more level of <c>c({…})</c>
/// included. The walker skips string, template and regex literals, so a brace inside a description never counts.
/// </summary>
public static partial class BinarySettingsSchema
{
    private const string Anchor = "return{$schema:()=>";
    private const int WindowBefore = 4 << 20;
    private const int WindowAfter = 1 << 20;

    /// <summary>Every key found, dotted for nested ones (<c>sandbox.network.allowedDomains</c>), in schema order.</summary>
    public static (IReadOnlyList<string> Keys, IReadOnlyList<Diagnostic> Diagnostics) Read(string binaryPath)
    {
        ArgumentNullException.ThrowIfNull(binaryPath);
        try
        {
            using var stream = File.OpenRead(binaryPath);
            var anchor = Find(stream, Anchor);
            if (anchor < 0)
            {
                return ([], [Diagnostic.Error(DiagnosticCodes.SchemaNotFound, "no settings schema (return{$schema:()=>…) in this file", new SourceLocation(binaryPath))]);
            }

            var start = Math.Max(0, anchor - WindowBefore);
            var window = new byte[(int)Math.Min(stream.Length - start, (long)WindowBefore + WindowAfter)];
            stream.Position = start;
            stream.ReadExactly(window);
            return FromText(Encoding.Latin1.GetString(window), (int)(anchor - start), binaryPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ([], [Diagnostic.Error(DiagnosticCodes.FileUnreadable, ex.Message, new SourceLocation(binaryPath))]);
        }
    }

    /// <summary>The keys from JavaScript text holding the schema (the anchor at <paramref name="anchor"/>, or searched when -1).</summary>
    public static (IReadOnlyList<string> Keys, IReadOnlyList<Diagnostic> Diagnostics) FromText(string js, int anchor = -1, string origin = "<text>")
    {
        ArgumentNullException.ThrowIfNull(js);
        var diagnostics = new List<Diagnostic>();
        anchor = anchor >= 0 ? anchor : js.IndexOf(Anchor, StringComparison.Ordinal);
        if (anchor < 0)
        {
            return ([], [Diagnostic.Error(DiagnosticCodes.SchemaNotFound, "no settings schema (return{$schema:()=>…)", new SourceLocation(origin))]);
        }

        var top = Members(js, anchor + "return".Length, diagnostics, origin);
        var keys = new List<string>();
        foreach (var member in top)
        {
            keys.Add(member.Name);
            if (member.Name is "permissions" or "sandbox" && FactoryName().Match(js, member.ValueStart, Math.Min(80, js.Length - member.ValueStart)) is { Success: true } call)
            {
                keys.AddRange(Nested(js, call.Groups[1].Value, anchor, diagnostics, origin).Select(k => member.Name + "." + k));
            }
        }

        keys.AddRange(Grouped(js, anchor, diagnostics, origin));
        return (keys.Distinct(StringComparer.Ordinal).ToList(), diagnostics);
    }

    /// <summary>Whether the file holds <paramref name="text"/> (ASCII), read in chunks: for keys read outside the schema.</summary>
    public static bool Contains(string binaryPath, string text)
    {
        using var stream = File.OpenRead(binaryPath);
        return Find(stream, text) >= 0;
    }

    private static long Find(FileStream stream, string text)
    {
        var needle = Encoding.Latin1.GetBytes(text);
        var buffer = new byte[8 << 20];
        long offset = 0;
        int carried = 0;
        while (true)
        {
            var read = stream.Read(buffer, carried, buffer.Length - carried);
            if (read == 0)
            {
                return -1;
            }

            var span = buffer.AsSpan(0, carried + read);
            var at = span.IndexOf(needle);
            if (at >= 0)
            {
                return offset + at;
            }

            carried = Math.Min(needle.Length - 1, span.Length);
            span[^carried..].CopyTo(buffer);
            offset += span.Length - carried;
        }
    }

    private static IEnumerable<string> Nested(string js, string factory, int near, List<Diagnostic> diagnostics, string origin, int levels = 2)
    {
        var definitions = Regex.Matches(js, $@"(?:function {Regex.Escape(factory)}\([^)]*\)\{{return c\(|[,;\s]{Regex.Escape(factory)}=p\(\(\)=>c\()\{{")
            .OrderBy(m => Math.Abs(m.Index - near)).ToList();
        if (definitions.Count == 0)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.SchemaNotFound, $"no definition of the schema factory {factory}", new SourceLocation(origin)));
            return [];
        }

        return ObjectKeys(js, definitions[0].Index + definitions[0].Length - 1, near, diagnostics, origin, levels);
    }

    /// <summary>The keys of one zod object literal, and of the objects its members hold inline or through a factory.</summary>
    private static IEnumerable<string> ObjectKeys(string js, int open, int near, List<Diagnostic> diagnostics, string origin, int levels)
    {
        foreach (var member in Members(js, open, diagnostics, origin))
        {
            yield return member.Name;
            if (levels == 0)
            {
                continue;
            }

            var inner = js.AsSpan(member.ValueStart).StartsWith("c({")
                ? ObjectKeys(js, member.ValueStart + 2, near, diagnostics, origin, levels - 1)
                : FactoryCall().Match(js, member.ValueStart, Math.Min(80, js.Length - member.ValueStart)) is { Success: true } call
                    ? Nested(js, call.Groups[1].Value, near, diagnostics, origin, levels - 1)
                    : [];
            foreach (var key in inner)
            {
                yield return member.Name + "." + key;
            }
        }
    }

    private static IEnumerable<string> Grouped(string js, int near, List<Diagnostic> diagnostics, string origin)
    {
        var registry = GroupRegistry().Matches(js).OrderBy(m => Math.Abs(m.Index - near)).FirstOrDefault();
        if (registry is null)
        {
            diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.SchemaNotFound, "no grouped settings registry ({buildGate,shape})", new SourceLocation(origin)));
            yield break;
        }

        foreach (var group in Members(js, registry.Index + registry.Value.IndexOf('{', StringComparison.Ordinal), diagnostics, origin))
        {
            var shape = js.IndexOf("shape:()=>({", group.ValueStart, StringComparison.Ordinal);
            if (shape < 0 || shape > group.ValueEnd)
            {
                continue;
            }

            foreach (var key in ObjectKeys(js, shape + "shape:()=>(".Length, near, diagnostics, origin, 1))
            {
                yield return key;
            }
        }
    }

    private readonly record struct Member(string Name, int ValueStart, int ValueEnd);

    /// <summary>The members at depth one of the object literal opening at <paramref name="open"/>, with conditional spreads.</summary>
    private static List<Member> Members(string js, int open, List<Diagnostic> diagnostics, string origin)
    {
        var members = new List<Member>();
        var depth = 0;
        var spreadDepth = -1;
        var i = open;
        (string Name, int Start, int Depth)? pending = null;
        while (i < js.Length)
        {
            var c = js[i];
            if (c is '"' or '\'' or '`' || (c == '/' && IsRegexStart(js, i)))
            {
                i = SkipLiteral(js, i);
                continue;
            }

            if (c is '{' or '(' or '[')
            {
                depth++;
                if (c == '{' && depth == 2 && js.AsSpan(0, i).EndsWith("&&"))
                {
                    spreadDepth = 2;
                }
            }
            else if (c is '}' or ')' or ']')
            {
                depth--;
                if (depth < 2)
                {
                    spreadDepth = -1;
                }

                if (depth == 0)
                {
                    Close(i);
                    return members;
                }
            }
            else if (c == ',' && (depth == 1 || depth == spreadDepth))
            {
                Close(i);
            }

            if ((depth == 1 || depth == spreadDepth) && (js[i] is '{' or ',') && Key().Match(js, i + 1, Math.Min(120, js.Length - i - 1)) is { Success: true } key)
            {
                pending = (key.Groups[1].Value, i + 1 + key.Length, depth);
                i += 1 + key.Length;
                continue;
            }

            i++;
        }

        diagnostics.Add(Diagnostic.Error(DiagnosticCodes.SchemaNotFound, $"settings schema object at offset {open} never closes", new SourceLocation(origin)));
        return members;

        void Close(int end)
        {
            if (pending is { } p)
            {
                members.Add(new Member(p.Name, p.Start, end));
                pending = null;
            }
        }
    }

    private static int SkipLiteral(string js, int i)
    {
        var quote = js[i];
        var inClass = false;
        i++;
        while (i < js.Length)
        {
            var c = js[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }

            if (quote == '`' && c == '$' && i + 1 < js.Length && js[i + 1] == '{')
            {
                i = SkipBalanced(js, i + 1);
                continue;
            }

            if (quote == '/' && c == '[')
            {
                inClass = true;
            }
            else if (quote == '/' && c == ']')
            {
                inClass = false;
            }
            else if (c == quote && !inClass)
            {
                return i + 1;
            }
            else if (quote is '"' or '\'' or '/' && c == '\n')
            {
                return i;
            }

            i++;
        }

        return i;
    }

    private static int SkipBalanced(string js, int open)
    {
        var depth = 0;
        var i = open;
        while (i < js.Length)
        {
            var c = js[i];
            if (c is '"' or '\'' or '`')
            {
                i = SkipLiteral(js, i);
                continue;
            }

            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            i++;
            if (depth == 0)
            {
                return i;
            }
        }

        return i;
    }

    /// <summary>A slash starts a regex literal after an operator or opening bracket, never after a value.</summary>
    private static bool IsRegexStart(string js, int i)
    {
        if (i + 1 < js.Length && js[i + 1] is '/' or '*')
        {
            return false;
        }

        var j = i - 1;
        while (j >= 0 && js[j] == ' ')
        {
            j--;
        }

        return j < 0 || "(,=:[!&|?{};+-*%<>~^".Contains(js[j], StringComparison.Ordinal)
            || js.AsSpan(0, j + 1).EndsWith("return", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\G\s*([A-Za-z_$][A-Za-z0-9_$]*):(?:\(\)=>)?")]
    private static partial Regex Key();

    [GeneratedRegex(@"\GNe\(\(\)=>([A-Za-z_$][A-Za-z0-9_$]*)\(")]
    private static partial Regex FactoryName();

    [GeneratedRegex(@"\G([A-Za-z_$][A-Za-z0-9_$]+)\(\)(?:\.optional\(\))?[,}]")]
    private static partial Regex FactoryCall();

    [GeneratedRegex(@"var [A-Za-z_$][A-Za-z0-9_$]*=\{[A-Za-z_$][A-Za-z0-9_$]*:\{buildGate:")]
    private static partial Regex GroupRegistry();
}
