using System.Collections.Concurrent;
using System.Text;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>One request that reached the canary: an egress attempt by the binary or by something it allowed.</summary>
public sealed record EgressAttempt(DateTimeOffset At, string Method, string Target, string? Host);

/// <summary>
/// The loopback canary that doubles as HTTP(S) proxy for oracle runs (§10): every request is recorded and refused
/// (CONNECT gets 403), so an egress attempt is visible in the oracle's report instead of leaving the machine.
/// </summary>
internal sealed class EgressCanary
{
    private readonly ConcurrentQueue<EgressAttempt> attempts = new();

    public IReadOnlyList<EgressAttempt> Attempts => [.. attempts];

    public async Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
    {
        attempts.Enqueue(new EgressAttempt(DateTimeOffset.UtcNow, request.Method, request.Target, request.Headers.TryGetValue("Host", out var host) ? host : null));
        var refused = request.Method == "CONNECT";
        var body = refused ? "canary: egress blocked\n"u8.ToArray() : "CANARY-OK\n"u8.ToArray();
        var head = $"HTTP/1.1 {(refused ? "403 Forbidden" : "200 OK")}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await stream.WriteAsync(body, cancellationToken);
    }
}
