namespace CcAudit.Cli;

/// <summary>A mistake in how the command was called (exit code 2), as opposed to a failure while running it.</summary>
internal sealed class UsageException(string message) : Exception(message);
