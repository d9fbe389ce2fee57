namespace CcAudit.Core.Store;

/// <summary>The store named by <c>--store</c> (or the default one) cannot be opened; the message says why in plain words.</summary>
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
