namespace CcAudit.Cli.Tests.TestSupport;

/// <summary>Runs ccaudit in-process with captured stdout and stderr.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    /// <summary>Every in-process run keeps its store under a scratch data directory, never the real home.</summary>
    public static string DataHome { get; } = Directory.CreateTempSubdirectory("ccaudit-cli-data-").FullName;

    /// <summary>
    /// A trusted-keys file holding the public half of the collector key every in-process <c>scan --out</c> signs with
    /// (the default key under <see cref="DataHome"/>, created here if no scan has yet).
    /// </summary>
    public static string TrustedDefaultKey()
    {
        var environment = new Dictionary<string, string?> { ["XDG_DATA_HOME"] = DataHome };
        using var key = Core.Store.CollectorKey.LoadOrCreate(Core.Store.CollectorKey.DefaultPath(environment), create: true);
        var path = Path.Combine(DataHome, "trusted", key.Fingerprint + ".pem");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, key.PublicKeyPem);
        return path;
    }

    public static async Task<Result> RunAsync(params string[] args) => await RunAsync(new Dictionary<string, string?> { ["XDG_DATA_HOME"] = DataHome }, args);

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, ErrorIsTerminal: false, environment);
        var code = await CliApp.RunAsync(args, context);
        return new Result(code, stdout.ToString(), stderr.ToString());
    }
}
