using System.Globalization;
using System.Text;
using CcAudit.Core.Common;

namespace CcAudit.Core.Discovery.Mdm;

/// <summary>The Claude Code policy values of a registry export: the JSON of <c>Settings</c> under HKLM and under HKCU.</summary>
/// <param name="Machine">HKLM\SOFTWARE\Policies\ClaudeCode\Settings (REG_SZ or REG_EXPAND_SZ), when present.</param>
/// <param name="User">HKCU\SOFTWARE\Policies\ClaudeCode\Settings, the user-writable fallback, when present.</param>
public sealed record RegistryPolicy(string? Machine, string? User);

/// <summary>
/// Reads a <c>.reg</c> export (regedit writes UTF-16 LE with a byte-order mark and <c>Windows Registry Editor Version 5.00</c>;
/// <c>REGEDIT4</c> files are ANSI): sections, <c>"name"="string"</c> values with <c>\\</c> and <c>\"</c> escapes, and
/// <c>hex(2):</c>/<c>hex(1):</c> values (UTF-16 LE bytes) continued over lines ending in <c>\</c>. Nothing is written to any
/// registry; a malformed line is a diagnostic and the rest of the file is still read.
/// </summary>
public static class RegistryExportReader
{
    public const string MachineKey = @"HKEY_LOCAL_MACHINE\SOFTWARE\Policies\ClaudeCode";
    public const string UserKey = @"HKEY_CURRENT_USER\SOFTWARE\Policies\ClaudeCode";

    public static (RegistryPolicy? Policy, IReadOnlyList<Diagnostic> Diagnostics) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = SafeFile.ReadBytes(path);
        return read.Value is { } bytes ? Parse(bytes, path) : (null, read.Diagnostics);
    }

    public static (RegistryPolicy? Policy, IReadOnlyList<Diagnostic> Diagnostics) Parse(byte[] bytes, string path)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var text = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) ? Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2)
            : bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3)
            : Encoding.UTF8.GetString(bytes);
        var lines = Logical(text.Split('\n')).ToList();
        var diagnostics = new List<Diagnostic>();
        if (lines.Count == 0 || lines[0].Text is not ("Windows Registry Editor Version 5.00" or "REGEDIT4"))
        {
            return (null, [Diagnostic.Error(DiagnosticCodes.PolicyFileMalformed, "not a registry export (no 'Windows Registry Editor Version 5.00' header)", new SourceLocation(path, 1, 1))]);
        }

        string? section = null;
        string? machine = null, user = null;
        foreach (var (number, line) in lines.Skip(1))
        {
            if (line.Length == 0 || line.StartsWith(';'))
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1];
                continue;
            }

            if (!line.StartsWith("\"Settings\"=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = Value(line["\"Settings\"=".Length..]);
            if (value is null)
            {
                diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.PolicyFileMalformed, "the Settings value is neither a string nor hex(1)/hex(2) text", new SourceLocation(path, number, 1)));
            }
            else if (string.Equals(section, MachineKey, StringComparison.OrdinalIgnoreCase))
            {
                machine = value;
            }
            else if (string.Equals(section, UserKey, StringComparison.OrdinalIgnoreCase))
            {
                user = value;
            }
        }

        return (new RegistryPolicy(machine, user), diagnostics);
    }

    /// <summary>Physical lines joined where a hex value continues with a trailing backslash, with the first line's number.</summary>
    private static IEnumerable<(int Number, string Text)> Logical(string[] physical)
    {
        var builder = new StringBuilder();
        var start = 0;
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i].TrimEnd('\r');
            if (builder.Length == 0)
            {
                start = i + 1;
                line = line.TrimStart('\uFEFF');
            }
            else
            {
                line = line.TrimStart();
            }

            if (line.EndsWith('\\') && (builder.Length > 0 || line.Contains("=hex", StringComparison.OrdinalIgnoreCase)))
            {
                builder.Append(line, 0, line.Length - 1);
                continue;
            }

            builder.Append(line);
            yield return (start, builder.ToString().Trim());
            builder.Clear();
        }

        if (builder.Length > 0)
        {
            yield return (start, builder.ToString().Trim());
        }
    }

    private static string? Value(string data)
    {
        if (data.StartsWith('"') && data.EndsWith('"') && data.Length >= 2)
        {
            var inner = new StringBuilder();
            for (var i = 1; i < data.Length - 1; i++)
            {
                if (data[i] == '\\' && i + 1 < data.Length - 1)
                {
                    i++;
                }

                inner.Append(data[i]);
            }

            return inner.ToString();
        }

        foreach (var prefix in new[] { "hex(2):", "hex(1):" })
        {
            if (data.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                var hex = data[prefix.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var bytes = new byte[hex.Length];
                for (var i = 0; i < hex.Length; i++)
                {
                    if (!byte.TryParse(hex[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out bytes[i]))
                    {
                        return null;
                    }
                }

                return Encoding.Unicode.GetString(bytes).TrimEnd('\0');
            }
        }

        return null;
    }
}
