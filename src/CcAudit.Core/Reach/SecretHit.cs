using CcAudit.Core.Common;

namespace CcAudit.Core.Reach;

/// <summary>One secret found in a file. Holds only the redacted form: the value never leaves the scanner.</summary>
/// <param name="Kind">What the secret is.</param>
/// <param name="Line">1-based line of the match.</param>
/// <param name="Secret">Redacted display and fingerprint.</param>
public sealed record SecretHit(SecretKind Kind, int Line, RedactedSecret Secret);
