using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CcAudit.Core.Common;

namespace CcAudit.Core.Mcp.Inspection;

/// <summary>
/// Turns a stdio server's config into the exact command ccaudit will run: a scrubbed environment (only the variables
/// the config names, plus PATH and a throwaway HOME/TMPDIR), a loopback-only network namespace unless the user allows
/// network, a hard kill timer, and a cap on the bytes the server may write.
/// </summary>
public static partial class McpLaunchPlanner
{
    // Cutting stdout keeps a flooding server from growing our memory: the SDK reads whole lines. dd passes each partial
    // read through at once (head -c holds output until its buffer fills, which stalls the protocol) and counts bytes.
    private const string BoundedRunScript = "\"$0\" \"$@\" | dd bs=65536 iflag=count_bytes status=none count=";

    /// <summary>Plans the launch of <paramref name="server"/> in <paramref name="sandboxDir"/>; a refusal is a diagnostic.</summary>
    public static ParseResult<McpLaunchPlan> Plan(McpServerConfig server, McpInspectionOptions options, string sandboxDir, bool unshareUsable)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);
        if (server.Transport != McpTransport.Stdio || string.IsNullOrWhiteSpace(server.Command))
        {
            return ParseResult<McpLaunchPlan>.Fail(Diagnostic.Error(DiagnosticCodes.McpNotLaunchable, $"server '{server.Name}' has no command to run", server.Location));
        }

        if (!options.AllowNetwork && !unshareUsable)
        {
            return ParseResult<McpLaunchPlan>.Fail(Diagnostic.Error(
                DiagnosticCodes.McpSandboxUnavailable,
                $"cannot create a loopback-only network namespace with {options.UnsharePath}; not starting '{server.Name}' (pass --allow-network to run it with the machine's network)",
                server.Location));
        }

        var hardSeconds = (int)Math.Ceiling((options.StartTimeout + (3 * options.RequestTimeout)).TotalSeconds) + 10;
        var inner = new List<string>
        {
            "timeout", "-s", "KILL", hardSeconds.ToString(CultureInfo.InvariantCulture),
            "sh", "-c", BoundedRunScript + options.MaxOutputBytes.ToString(CultureInfo.InvariantCulture),
            server.Command,
        };
        inner.AddRange(server.Args);

        string fileName;
        List<string> arguments;
        if (options.AllowNetwork)
        {
            fileName = inner[0];
            arguments = inner[1..];
        }
        else
        {
            fileName = options.UnsharePath;
            arguments = Environment.UserName == "root" || IsRoot() ? ["--net", "--", .. inner] : ["--user", "--map-root-user", "--net", "--", .. inner];
        }

        var environment = BuildEnvironment(server, options, sandboxDir);
        var display = new StringBuilder(ShellQuote(fileName));
        foreach (var arg in RedactArguments(arguments))
        {
            display.Append(' ').Append(ShellQuote(arg));
        }

        display.Append("   [env: ").Append(string.Join(", ", environment.Keys.Order(StringComparer.Ordinal))).Append("; cwd/HOME: ").Append(sandboxDir).Append(']');
        return ParseResult<McpLaunchPlan>.Ok(new McpLaunchPlan(fileName, arguments, [.. environment.Keys.Order(StringComparer.Ordinal)], sandboxDir, !options.AllowNetwork, display.ToString()));
    }

    /// <summary>The complete environment of the server process: nothing is inherited from ccaudit.</summary>
    public static Dictionary<string, string> BuildEnvironment(McpServerConfig server, McpInspectionOptions options, string sandboxDir)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(options);

        // ${VAR} references stay literal: expanding them from ccaudit's own environment would hand the auditor's secrets to the server.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = options.SearchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = sandboxDir,
            ["TMPDIR"] = sandboxDir,
            ["LANG"] = "C.UTF-8",
        };
        foreach (var (name, value) in server.Env)
        {
            environment[name] = value;
        }

        return environment;
    }

    /// <summary>Replaces the values of secret-looking arguments (after --token, --api-key…, or KEY=value with such a key).</summary>
    public static IEnumerable<string> RedactArguments(IEnumerable<string> arguments)
    {
        var redactNext = false;
        foreach (var arg in arguments)
        {
            if (redactNext)
            {
                redactNext = false;
                yield return Redaction.Redact(arg).Display;
                continue;
            }

            var assignment = SecretAssignment().Match(arg);
            if (assignment.Success)
            {
                yield return assignment.Groups["key"].Value + Redaction.Redact(assignment.Groups["value"].Value).Display;
                continue;
            }

            if (SecretFlag().IsMatch(arg))
            {
                redactNext = true;
            }

            yield return arg;
        }
    }

    private static bool IsRoot() => OperatingSystem.IsLinux() && File.Exists("/proc/self/status") &&
        File.ReadLines("/proc/self/status").Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0");

    private static string ShellQuote(string value) =>
        value.Length > 0 && SafeShellWord().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^(?<key>-{0,2}[A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[-_]?key|apikey|auth|credential)[A-Za-z0-9_.-]*=)(?<value>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretAssignment();

    [GeneratedRegex(@"^-{1,2}[A-Za-z0-9_.-]*(?:token|secret|password|passwd|api[-_]?key|apikey|auth|credential)[A-Za-z0-9_.-]*$", RegexOptions.IgnoreCase)]
    private static partial Regex SecretFlag();

    [GeneratedRegex(@"^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex SafeShellWord();
}
