namespace CcAudit.Cli;

/// <summary>A verb's description with an Examples block, which <c>--help</c> prints under the summary.</summary>
internal static class HelpText
{
    public const string ExamplesHeading = "Examples:";

    public static string WithExamples(string summary, params string[] examples) =>
        $"{summary}\n\n{ExamplesHeading}\n{string.Join('\n', examples.Select(e => $"  {e}"))}";

    /// <summary>The summary alone, for places that show one line (completion descriptions).</summary>
    public static string Summary(string? description) => (description ?? "").Split('\n', 2)[0].TrimEnd('\r');
}
