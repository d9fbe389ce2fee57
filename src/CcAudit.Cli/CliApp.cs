using System.CommandLine;

namespace CcAudit.Cli;

/// <summary>Builds the command tree and maps every outcome to an <see cref="ExitCode"/>.</summary>
internal static class CliApp
{
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("ccaudit: audit how Claude Code is used on this machine and across a team.");
        root.Options.Add(new Option<bool>(NoColorOption)
        {
            Description = "No colour, even on a terminal (as does a non-empty NO_COLOR).",
            Recursive = true,
        });
        foreach (var command in CommandCatalog.Create(context))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public const string NoColorOption = "--no-color";

    public static async Task<int> RunAsync(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var scrubbed = context.Scrubbed();
        try
        {
            return await RunScrubbedAsync(args, scrubbed);
        }
        finally
        {
            await scrubbed.Out.FlushAsync();
            await scrubbed.Error.FlushAsync();
        }
    }

    private static async Task<int> RunScrubbedAsync(string[] args, CliContext context)
    {
        if (args.Contains(NoColorOption))
        {
            context = context with { NoColor = true };
        }

        var parse = BuildRoot(context).Parse(args);

        // --help hides parse errors; an unknown subcommand or argument beside it is still a usage error.
        var errors = parse.Errors.Select(e => e.Message)
            .Concat(parse.UnmatchedTokens.Select(t => $"Unrecognized command or argument '{t}'."))
            .Distinct().ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await context.Error.WriteLineAsync($"ccaudit: {error}");
            }

            await context.Error.WriteLineAsync("Run 'ccaudit --help' for usage.");
            return (int)ExitCode.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
            return await parse.InvokeAsync(invocation);
        }
        catch (UsageException ex)
        {
            await context.Error.WriteLineAsync($"ccaudit: {ex.Message}");
            return (int)ExitCode.Usage;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await context.Error.WriteLineAsync($"ccaudit: failed: {ex.Message}");
            if (context.GetEnv("CCAUDIT_DEBUG") is "1")
            {
                await context.Error.WriteLineAsync(ex.ToString());
            }

            return (int)ExitCode.Failure;
        }
    }
}
