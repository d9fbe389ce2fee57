using System.Net.Sockets;
using System.Text;

namespace CcAudit.Core.Permissions.Oracle;

/// <summary>One HTTP/1.1 request as the oracle's servers need it: request line, headers and body.</summary>
internal sealed record HttpRequestLite(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A minimal HTTP/1.1 server on a Unix domain socket, one request per connection. The binary under test lives in a
/// network namespace with loopback only; a relay inside forwards its loopback ports here, so nothing the binary does
/// can reach a real network interface, while ccaudit keeps the servers in its own process.
/// </summary>
internal sealed class UnixHttpServer : IAsyncDisposable
{
    private const int MaxHead = 64 * 1024;
    private const int MaxBody = 64 * 1024 * 1024;
    private readonly Socket socket;
    private readonly Func<HttpRequestLite, Stream, CancellationToken, Task> handler;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly System.Security.Cryptography.X509Certificates.X509Certificate2? certificate;

    /// <param name="path">The socket path.</param>
    /// <param name="handler">Answers one request.</param>
    /// <param name="certificate">Serve HTTPS with it (WebFetch upgrades every http URL, so the range's page is served over TLS).</param>
    public UnixHttpServer(
        string path, Func<HttpRequestLite, Stream, CancellationToken, Task> handler,
        System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        this.certificate = certificate;
        Path = path;
        this.handler = handler;
        File.Delete(path);
        socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen(128);
        loop = Task.Run(AcceptLoopAsync);
    }

    public string Path { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        socket.Dispose();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        File.Delete(Path);
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await socket.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(Socket client)
    {
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            if (certificate is not null)
            {
                var tls = new System.Net.Security.SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsServerAsync(new System.Net.Security.SslServerAuthenticationOptions { ServerCertificate = certificate }, timeout.Token);
            }

            if (await ReadRequestAsync(stream, timeout.Token) is { } request)
            {
                await handler(request, stream, timeout.Token);
                await stream.FlushAsync(timeout.Token);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
            or System.Security.Authentication.AuthenticationException)
        {
            // A client that goes away mid-request is the client's problem; the server keeps serving the others.
        }
        finally
        {
            await stream.DisposeAsync();
        }
    }

    private static async Task<HttpRequestLite?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHead];
        var filled = 0;
        int headEnd;
        while ((headEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (filled == buffer.Length)
            {
                return null;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return null;
            }

            filled += read;
        }

        var lines = Encoding.Latin1.GetString(buffer, 0, headEnd).Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length < 2)
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        var pending = new MemoryStream();
        pending.Write(buffer, headEnd + 4, filled - headEnd - 4);
        byte[] body;
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream, pending, cancellationToken);
        }
        else
        {
            var length = headers.TryGetValue("Content-Length", out var text) && int.TryParse(text, out var n) ? Math.Min(n, MaxBody) : 0;
            while (pending.Length < length)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                pending.Write(buffer, 0, read);
            }

            body = pending.ToArray()[..Math.Min(length, (int)pending.Length)];
        }

        return new HttpRequestLite(requestLine[0], requestLine[1], headers, body);
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, MemoryStream pending, CancellationToken cancellationToken)
    {
        var raw = pending.ToArray().ToList();
        var body = new MemoryStream();
        var position = 0;
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var lineEnd = IndexOfCrLf(raw, position);
            while (lineEnd < 0)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken);
                if (read == 0)
                {
                    return body.ToArray();
                }

                raw.AddRange(chunk.AsSpan(0, read).ToArray());
                lineEnd = IndexOfCrLf(raw, position);
            }

            var size = Convert.ToInt32(Encoding.Latin1.GetString(raw.GetRange(position, lineEnd - position).ToArray()).Split(';')[0].Trim(), 16);
            if (size == 0 || body.Length + size > MaxBody)
            {
                return body.ToArray();
            }

            var start = lineEnd + 2;
            while (raw.Count < start + size + 2)
            {
                var read = await stream.ReadAsync(chunk, cancellationToken);
                if (read == 0)
                {
                    return body.ToArray();
                }

                raw.AddRange(chunk.AsSpan(0, read).ToArray());
            }

            body.Write(raw.GetRange(start, size).ToArray());
            position = start + size + 2;
        }
    }

    private static int IndexOfCrLf(List<byte> bytes, int from)
    {
        for (var i = from; i + 1 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
