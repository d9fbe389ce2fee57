namespace CcAudit.Cli;

/// <summary>One overwriting status line on stderr; only created when stderr is a terminal.</summary>
internal sealed class TerminalProgress(TextWriter error) : IProgress<string>
{
    public void Report(string value) => error.Write($"\r\u001b[K{(value.Length <= 100 ? value : "…" + value[^99..])}");

    public void Clear() => error.Write("\r\u001b[K");
}
