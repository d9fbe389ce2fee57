using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CcAudit.Core.Monitoring;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Monitoring;

/// <summary>
/// <c>--tls-cert/--tls-key/--client-ca</c> over real loopback TLS with certificates made here: the receiver takes a client
/// certificate its CA signed, and refuses no certificate, one from another CA, and plain HTTP.
/// </summary>
public sealed class ReceiverTlsTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static X509Certificate2 Authority(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name, bool server)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2");
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static HttpClient Client(Uri address, X509Certificate2 ca, X509Certificate2? clientCertificate)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return certificate is X509Certificate2 served && chain.Build(served);
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler) { BaseAddress = address };
    }

    private static async Task<HttpStatusCode?> PostAsync(HttpClient client, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        try
        {
            using var response = await client.PostAsync("/v1/logs", content, Token);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            // The handshake (or the connection) was refused: no status at all.
            return null;
        }
    }

    [Fact]
    public async Task MutualTls_TakesItsCasClients_RefusesNoCertificateAnotherCaAndPlainHttp()
    {
        using var dir = new TempDir();
        using var ca = Authority("ccaudit test CA");
        using var otherCa = Authority("someone else's CA");
        using var server = Issue(ca, "receiver", server: true);
        using var client = Issue(ca, "laptop-17", server: false);
        using var stranger = Issue(otherCa, "laptop-17", server: false);
        var certPath = dir.Write("server.pem", server.ExportCertificatePem());
        var keyPath = dir.Write("server.key", server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var caPath = dir.Write("ca.pem", ca.ExportCertificatePem());

        // mTLS alone is enough to bind off loopback; a server certificate without a client CA is not.
        var any = new IPEndPoint(IPAddress.Any, 4318);
        Assert.Null(new ReceiverOptions(any, TlsCertificate: certPath, TlsKey: keyPath, ClientCa: caPath).Problem());
        Assert.NotNull(new ReceiverOptions(any, TlsCertificate: certPath, TlsKey: keyPath).Problem());
        Assert.NotNull(new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), ClientCa: caPath).Problem());

        await using var store = await SqliteTelemetryStore.OpenAsync(dir.Combine("store.db"), Token);
        var options = new ReceiverOptions(new IPEndPoint(IPAddress.Loopback, 0), TlsCertificate: certPath, TlsKey: keyPath,
            ClientCa: caPath);
        await using var receiver = await OtlpReceiver.StartAsync(options, store, cancellationToken: Token);
        var address = new Uri(receiver.Addresses[0]);
        Assert.Equal("https", address.Scheme);
        var body = await File.ReadAllBytesAsync(TestEnvironment.TestData("Monitoring", "claude-2.1.328", "protobuf-1-logs.pb"), Token);

        using (var none = Client(address, ca, null))
        {
            Assert.Null(await PostAsync(none, body));
        }

        using (var wrong = Client(address, ca, stranger))
        {
            Assert.Null(await PostAsync(wrong, body));
        }

        using (var plain = new HttpClient { BaseAddress = new UriBuilder(address) { Scheme = "http" }.Uri })
        {
            Assert.NotEqual(HttpStatusCode.OK, await PostAsync(plain, body));
        }

        Assert.Equal(0, await store.CountAsync(Token));
        using var trusted = Client(address, ca, client);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(trusted, body));
        Assert.True(await store.CountAsync(Token) > 0);
    }
}
