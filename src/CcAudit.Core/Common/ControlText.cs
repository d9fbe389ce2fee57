using System.Buffers;
using System.Globalization;
using System.Text;

namespace CcAudit.Core.Common;

/// <summary>
/// Characters from audited files that would act on a reader instead of being read: terminal escapes (ESC, CSI, OSC
/// hyperlinks, the alternate screen), other C0/C1 controls and bidirectional overrides (Trojan Source). Shown as
/// <c>\u001B</c>-style text in every report, table and file ccaudit writes; tab and line breaks stay.
/// </summary>
public static class ControlText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c))
        + "\u007F" + string.Concat(Enumerable.Range(0x80, 0x20).Select(c => (char)c)) + "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    public static string Neutralize(string text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(Unsafe) < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Unsafe.Contains(c))
            {
                result.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
