using System.Diagnostics;
using System.Globalization;

namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>
/// Runs the built ccaudit (the <c>ccaudit.dll</c> beside the tests) as a process with a wall-clock limit, sampling its
/// peak resident memory. As root, it runs without the capabilities that let root read through mode bits
/// (<c>setpriv --bounding-set</c>), so a directory of mode 000 is as unreadable as it is to a user.
/// </summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string Out, string Error, TimeSpan Elapsed, long PeakKiB, bool TimedOut);

    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "ccaudit.dll");

    /// <summary>Whether mode bits bind this process's children (false only for root without setpriv).</summary>
    public static bool ModeBitsBind { get; } = !IsRoot() || File.Exists("/usr/bin/setpriv");

    public static async Task<Result> RunAsync(string[] args, IReadOnlyDictionary<string, string> environment, TimeSpan limit)
    {
        var start = IsRoot() && File.Exists("/usr/bin/setpriv")
            ? new ProcessStartInfo("/usr/bin/setpriv", ["--bounding-set=-dac_override,-dac_read_search", "dotnet", Cli, .. args])
            : new ProcessStartInfo("dotnet", [Cli, .. args]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var peak = 0L;
        var exited = process.WaitForExitAsync();
        while (!exited.IsCompleted && clock.Elapsed < limit)
        {
            peak = Math.Max(peak, PeakKiB(process.Id));
            await Task.WhenAny(exited, Task.Delay(100));
        }

        var timedOut = !exited.IsCompleted;
        if (timedOut)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
        return new Result(process.ExitCode, await stdout, await stderr, clock.Elapsed, peak, timedOut);
    }

    private static long PeakKiB(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static bool IsRoot() => Environment.UserName == "root";
}
