namespace CcAudit.Core.Common;

/// <summary>A parser's answer: the value when one could be built, and everything that went wrong on the way.</summary>
public sealed record ParseResult<T>(T? Value, IReadOnlyList<Diagnostic> Diagnostics)
    where T : class
{
    public bool HasValue => Value is not null;

    public static ParseResult<T> Ok(T value, IReadOnlyList<Diagnostic>? diagnostics = null) => new(value, diagnostics ?? []);

    public static ParseResult<T> Fail(Diagnostic diagnostic) => new(null, [diagnostic]);
}
