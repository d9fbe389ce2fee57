using System.IO.Compression;
using System.Text;

namespace CcAudit.Cli.Tests.TestSupport;

/// <summary>What the secret checks read: an XLSX as text, and the encodings a secret may take in an output.</summary>
internal static class OutputText
{
    /// <summary>Every entry of a zip (an XLSX) as text, concatenated.</summary>
    public static string Unzipped(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var text = new StringBuilder();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open());
            text.Append(reader.ReadToEnd());
        }

        return text.ToString();
    }

    /// <summary>JSON escapes non-ASCII and HTML encodes markup: a secret is whole in an output in any of these.</summary>
    public static string[] Encodings(string secret) =>
        [secret, System.Text.Json.JsonSerializer.Serialize(secret)[1..^1], System.Net.WebUtility.HtmlEncode(secret),
            Uri.EscapeDataString(secret)];
}
