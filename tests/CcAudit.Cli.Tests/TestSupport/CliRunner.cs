namespace CcAudit.Cli.Tests.TestSupport;

/// <summary>Runs ccaudit in-process with captured stdout and stderr.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(params string[] args) => await RunAsync(new Dictionary<string, string?>(), args);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, ErrorIsTerminal: false, environment);
        var code = await CliApp.RunAsync(args, context);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
