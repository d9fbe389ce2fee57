using Spectre.Console;

namespace CcAudit.Cli;

/// <summary>
/// Where a command writes: requested output to <see cref="Out"/>, logs and progress to <see cref="Error"/>.
/// Tests swap in string writers; commands never touch <see cref="System.Console"/> themselves.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Spectre console for human-readable output on stdout; no colour unless stdout is a terminal.</summary>
    private IAnsiConsole? _outConsole;

    public IAnsiConsole OutConsole => _outConsole ??= CreateConsole(Out);

    /// <summary>This context with stdout and stderr behind the one redactor (<see cref="ScrubbingWriter"/>).</summary>
    public CliContext Scrubbed() => this with { Out = new ScrubbingWriter(Out), Error = new ScrubbingWriter(Error), _outConsole = null };

    /// <summary>A text file for a verb's --output, behind the same redactor as stdout.</summary>
    public static TextWriter CreateText(string path) => new ScrubbingWriter(new StreamWriter(path), ownsInner: true);

    /// <summary>A plain-text console; wide when not a terminal, so redirected tables do not wrap every cell.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = (writer is ScrubbingWriter scrubbing ? scrubbing.Inner : writer) == Console.Out && !Console.IsOutputRedirected ? Width(WindowWidth(), System.Environment.GetEnvironmentVariable("COLUMNS")) : 160;
        return console;
    }

    /// <summary>
    /// The width to lay tables out in. A pty can report 0 columns (<c>script -qc</c>, some CI runners) and COLUMNS can
    /// say 0 or nonsense: then 160, as when redirected; never below 40, where no table is readable.
    /// </summary>
    public static int Width(int windowWidth, string? columns)
    {
        var width = windowWidth > 0 ? windowWidth : int.TryParse(columns, out var fromEnv) && fromEnv > 0 ? fromEnv : 160;
        return Math.Clamp(width, 40, 1000);
    }

    private static int WindowWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static CliContext FromProcess()
    {
        var env = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        return new CliContext(Console.Out, Console.Error, !Console.IsErrorRedirected, env);
    }

    public string? GetEnv(string name) => Environment.TryGetValue(name, out var value) ? value : null;
}
