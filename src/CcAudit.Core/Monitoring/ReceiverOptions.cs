using System.Net;

namespace CcAudit.Core.Monitoring;

/// <summary>How <c>monitor serve</c> listens and what it accepts.</summary>
/// <param name="Http">OTLP/HTTP endpoint (default 127.0.0.1:4318); port 0 picks a free port.</param>
/// <param name="Grpc">OTLP/gRPC endpoint (default 127.0.0.1:4317), or null for none.</param>
/// <param name="UnixSocket">Also serve OTLP/HTTP on this Unix socket (how a jailed binary reaches the receiver).</param>
/// <param name="Token">Bearer token every request must carry; required for a non-loopback bind unless mTLS is on.</param>
/// <param name="TlsCertificate">PEM certificate of the server (with <paramref name="TlsKey"/>): serves HTTPS.</param>
/// <param name="TlsKey">PEM private key of <paramref name="TlsCertificate"/>.</param>
/// <param name="ClientCa">PEM CA that client certificates must chain to (mTLS); needs a server certificate.</param>
/// <param name="MaxBodyBytes">Largest request body as sent (compressed).</param>
/// <param name="MaxDecodedBytes">Largest body after gzip; a bigger one is refused, so a small bomb cannot exhaust memory.</param>
/// <param name="RequestsPerSecond">Per client address; above it the answer is 429 with Retry-After.</param>
/// <param name="MaxQueuedEvents">Events waiting for the store; above it the answer is 503 with Retry-After.</param>
/// <param name="RetentionDays">Events older than this are deleted at start and every hour; 0 keeps everything.</param>
/// <param name="CaptureDirectory">Also write every accepted OTLP/HTTP body (decompressed) here, to see exactly what an exporter sends.</param>
/// <param name="GrpcUnixSocket">Also serve OTLP/gRPC (HTTP/2 with prior knowledge) on this Unix socket.</param>
public sealed record ReceiverOptions(
    IPEndPoint Http,
    IPEndPoint? Grpc = null,
    string? UnixSocket = null,
    string? Token = null,
    string? TlsCertificate = null,
    string? TlsKey = null,
    string? ClientCa = null,
    long MaxBodyBytes = 8 * 1024 * 1024,
    long MaxDecodedBytes = 64 * 1024 * 1024,
    int RequestsPerSecond = 2_000,
    int MaxQueuedEvents = 200_000,
    int RetentionDays = 90,
    string? CaptureDirectory = null,
    string? GrpcUnixSocket = null)
{
    public static readonly IPEndPoint DefaultHttp = new(IPAddress.Loopback, 4318);
    public static readonly IPEndPoint DefaultGrpc = new(IPAddress.Loopback, 4317);

    /// <summary>Why these options must not be served (a usage error), or null.</summary>
    public string? Problem()
    {
        var exposed = !IPAddress.IsLoopback(Http.Address) || (Grpc is not null && !IPAddress.IsLoopback(Grpc.Address));
        if (exposed && string.IsNullOrEmpty(Token) && ClientCa is null)
        {
            return "a non-loopback bind needs --token (bearer) or --client-ca (mTLS): anyone who can reach it could write to the audit store";
        }

        if ((TlsCertificate is null) != (TlsKey is null))
        {
            return "--tls-cert and --tls-key go together";
        }

        if (ClientCa is not null && TlsCertificate is null)
        {
            return "--client-ca (mTLS) needs a server certificate: --tls-cert and --tls-key";
        }

        if (Token is { Length: > 0 and < 16 })
        {
            return "--token must be at least 16 characters";
        }

        return MaxBodyBytes <= 0 || MaxDecodedBytes < MaxBodyBytes || RequestsPerSecond <= 0 || MaxQueuedEvents <= 0 || RetentionDays < 0
            ? "limits must be positive (and the decoded limit at least the body limit)"
            : null;
    }
}
