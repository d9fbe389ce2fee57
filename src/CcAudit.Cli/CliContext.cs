using Spectre.Console;

namespace CcAudit.Cli;

/// <summary>
/// Where a command writes: requested output to <see cref="Out"/>, logs and progress to <see cref="Error"/>.
/// Tests swap in string writers; commands never touch <see cref="System.Console"/> themselves.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool ErrorIsTerminal, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>Spectre console for human-readable output on stdout; no colour unless stdout is a terminal.</summary>
    public IAnsiConsole OutConsole { get; } = CreateConsole(Out);

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
        console.Profile.Width = writer == Console.Out && !Console.IsOutputRedirected ? Console.WindowWidth : 160;
        return console;
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
