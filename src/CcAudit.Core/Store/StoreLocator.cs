namespace CcAudit.Core.Store;

/// <summary>Resolves <c>--store PATH|URL</c>: PostgreSQL for <c>postgres://</c> URLs and Npgsql connection strings, SQLite otherwise (default: the user's data directory).</summary>
public static class StoreLocator
{
    /// <summary>The default SQLite file: <c>$XDG_DATA_HOME/ccaudit/ccaudit.db</c>, else <c>~/.local/share/ccaudit/ccaudit.db</c> (platform data folder on Windows and macOS).</summary>
    public static string DefaultPath(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment.TryGetValue("XDG_DATA_HOME", out var xdg) && !string.IsNullOrEmpty(xdg))
        {
            return Path.Combine(xdg, "ccaudit", "ccaudit.db");
        }

        if (!OperatingSystem.IsLinux())
        {
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "ccaudit", "ccaudit.db");
        }

        var home = environment.TryGetValue("HOME", out var h) && !string.IsNullOrEmpty(h) ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "ccaudit", "ccaudit.db");
    }

    public static bool IsPostgres(string location) =>
        location.StartsWith("postgres://", StringComparison.Ordinal) || location.StartsWith("postgresql://", StringComparison.Ordinal) || location.Contains("Host=", StringComparison.OrdinalIgnoreCase);

    public static async Task<ISnapshotStore> OpenAsync(string? location, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken = default)
    {
        var target = location ?? DefaultPath(environment);
        return IsPostgres(target)
            ? await PostgresSnapshotStore.OpenAsync(target, cancellationToken: cancellationToken)
            : await SqliteSnapshotStore.OpenAsync(target, cancellationToken);
    }

    /// <summary>Where a store is, for messages: the path, or the host and database with no password.</summary>
    public static string Describe(string? location, IReadOnlyDictionary<string, string?> environment)
    {
        var target = location ?? DefaultPath(environment);
        if (!IsPostgres(target))
        {
            return target;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(PostgresSnapshotStore.ToConnectionString(target));
        return $"postgresql {builder.Host}:{builder.Port}/{builder.Database}";
    }
}
