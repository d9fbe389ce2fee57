namespace CcAudit.Cli.Tests.Trust.Corpus;

/// <summary>One kind of hostile input: how it is planted and what an audit of it must say.</summary>
/// <param name="Name">Stable name, shown in failures and in the first-run figures.</param>
/// <param name="Plant">Makes a base machine hostile.</param>
internal sealed record HostileKind(string Name, Action<HostileMachine> Plant)
{
    /// <summary>Diagnostic codes of which at least one must be in <c>scan --format json</c> (empty: none required).</summary>
    public string[] AnyOf { get; init; } = [];

    /// <summary>Run through every format of every verb (kinds whose damage is in rendering: secrets, markup, escapes).</summary>
    public bool EveryFormat { get; init; }

    /// <summary>Scheduled first: its runs take the longest.</summary>
    public bool Heavy { get; init; }

    /// <summary>The store path itself is hostile: verbs that open it may exit 3, with a plain message.</summary>
    public bool StoreUnusable { get; init; }

    /// <summary>Text that no text output may hold (live markup, raw terminal escapes).</summary>
    public string[] Forbidden { get; init; } = [];
}
