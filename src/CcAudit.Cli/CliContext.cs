using System.Globalization;
using Spectre.Console;

namespace CcAudit.Cli;

/// <summary>
/// Where a command writes: requested output to <see cref="Out"/>, logs and progress to <see cref="Error"/>.
/// Tests swap in string writers; commands never touch <see cref="System.Console"/> themselves.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Width of tables written anywhere but a terminal, so redirected tables do not wrap every cell.</summary>
    public const int RedirectedWidth = 160;

    /// <summary>True when stdout is an interactive terminal: colour (unless disabled) and the terminal's width.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>The terminal's width as the OS reports it (0 when unknown).</summary>
    public int TerminalWidth { get; init; }

    /// <summary><c>--no-color</c> was given.</summary>
    public bool NoColor { get; init; }

    /// <summary>This context with stdout and stderr behind the one redactor (<see cref="ScrubbingWriter"/>).</summary>
    public CliContext Scrubbed() => this with { Out = new ScrubbingWriter(Out, neutralize: !OutIsTerminal), Error = new ScrubbingWriter(Error, neutralize: !ErrorIsTerminal) };

    /// <summary>A text file for a verb's --output, behind the same redactor as stdout.</summary>
    public static TextWriter CreateText(string path) => new ScrubbingWriter(new StreamWriter(path), ownsInner: true, neutralize: true);

    /// <summary>A whole text file a verb writes (--output, --output-dir), through the same redactor as stdout.</summary>
    public static Task WriteTextAsync(string path, string text, CancellationToken cancellationToken) =>
        File.WriteAllTextAsync(path, Core.Common.ControlText.Neutralize(Core.Common.Redaction.Scrub(text)), cancellationToken);

    /// <summary>Spectre console for human-readable output on stdout.</summary>
    public IAnsiConsole OutConsole => CreateConsoleFor(Out, OutIsTerminal);

    /// <summary>Colour only on a terminal and never with <c>NO_COLOR</c> (any non-empty value) or <c>--no-color</c>.</summary>
    public bool UseColor(bool terminal) => terminal && !NoColor && string.IsNullOrEmpty(GetEnv("NO_COLOR"));

    /// <summary>
    /// Table width: <c>COLUMNS</c> when it is a positive number, else the terminal's width on a terminal, else
    /// <see cref="RedirectedWidth"/>. A width of 0 (a pseudo-terminal that reports none) never reaches the renderer.
    /// </summary>
    public int Width(bool terminal)
    {
        if (int.TryParse(GetEnv("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return Math.Clamp(columns, 20, 1000);
        }

        return terminal && TerminalWidth > 0 ? Math.Max(TerminalWidth, 20) : RedirectedWidth;
    }

    public IAnsiConsole CreateConsoleFor(TextWriter writer, bool terminal)
    {
        var color = UseColor(terminal);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width(terminal);
        return console;
    }

    /// <summary>A plain-text console for a file: no colour, the redirected width.</summary>
    public static IAnsiConsole CreateConsole(TextWriter writer) =>
        new CliContext(writer, TextWriter.Null, false, new Dictionary<string, string?>()).CreateConsoleFor(writer, false);

    public static CliContext FromProcess(bool noColor = false)
    {
        var env = System.Environment.GetEnvironmentVariables()
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        var terminal = !Console.IsOutputRedirected;
        return new CliContext(Console.Out, Console.Error, !Console.IsErrorRedirected, env)
        {
            OutIsTerminal = terminal,
            TerminalWidth = terminal ? SafeWindowWidth() : 0,
            NoColor = noColor,
        };
    }

    public string? GetEnv(string name) => Environment.TryGetValue(name, out var value) ? value : null;

    private static int SafeWindowWidth()
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
}
