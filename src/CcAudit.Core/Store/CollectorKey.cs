using System.Security.Cryptography;
using System.Text;

namespace CcAudit.Core.Store;

/// <summary>
/// The ECDSA P-256 key a collector signs its snapshot files with. The private half stays in a 0600 PEM file; only the
/// public key (SubjectPublicKeyInfo) and its SHA-256 fingerprint ever leave this class.
/// </summary>
public sealed class CollectorKey : IDisposable
{
    private readonly ECDsa _key;

    private CollectorKey(ECDsa key)
    {
        _key = key;
        PublicKey = key.ExportSubjectPublicKeyInfo();
        Fingerprint = FingerprintOf(PublicKey);
    }

    /// <summary>DER SubjectPublicKeyInfo of the public key.</summary>
    public byte[] PublicKey { get; }

    /// <summary>Lower-case hex SHA-256 of <see cref="PublicKey"/>: the key's id in trust lists and stores.</summary>
    public string Fingerprint { get; }

    public string PublicKeyPem => PemEncoding.WriteString("PUBLIC KEY", PublicKey);

    /// <summary><c>$XDG_DATA_HOME/ccaudit/collector-key.pem</c>, beside the default store.</summary>
    public static string DefaultPath(IReadOnlyDictionary<string, string?> environment) =>
        Path.Combine(Path.GetDirectoryName(StoreLocator.DefaultPath(environment))!, "collector-key.pem");

    /// <summary>
    /// Loads the key at <paramref name="path"/>, creating it (mode 0600) when <paramref name="create"/> and it does not exist.
    /// </summary>
    public static CollectorKey LoadOrCreate(string path, bool create)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            if (!create)
            {
                throw new FileNotFoundException($"no signing key at {path}", path);
            }

            return Create(path);
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            key.Dispose();
            // The message names the file only: the exception text could quote the key material.
            throw new InvalidDataException($"{path} is not a PEM ECDSA private key");
        }

        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new InvalidDataException($"{path} is not a P-256 key");
        }

        return new CollectorKey(key);
    }

    private static CollectorKey Create(string path)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the first byte: no window in which another user can read the private key.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream, new UTF8Encoding(false)))
        {
            writer.Write(PemEncoding.Write("PRIVATE KEY", key.ExportPkcs8PrivateKey()));
        }

        try
        {
            // Two first runs at once: the first complete key wins and both sign with it.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            key.Dispose();
            return LoadOrCreate(path, create: false);
        }

        return new CollectorKey(key);
    }

    /// <summary>Signs a snapshot's content hash (hex), bound to the file format and version.</summary>
    public byte[] Sign(string contentHash) => _key.SignData(SignedBytes(contentHash), HashAlgorithmName.SHA256);

    /// <summary>True when <paramref name="publicKey"/> is a DER SubjectPublicKeyInfo of a P-256 key.</summary>
    public static bool IsP256(byte[] publicKey)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key.KeySize == 256;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    public static string FingerprintOf(byte[] publicKey) => Convert.ToHexStringLower(SHA256.HashData(publicKey));

    /// <summary>True when <paramref name="signature"/> by <paramref name="publicKey"/> covers <paramref name="contentHash"/>.</summary>
    public static bool Verify(byte[] publicKey, string contentHash, byte[] signature)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportSubjectPublicKeyInfo(publicKey, out _);
            return key.KeySize == 256 && key.VerifyData(SignedBytes(contentHash), signature, HashAlgorithmName.SHA256);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static byte[] SignedBytes(string contentHash) =>
        Encoding.UTF8.GetBytes($"{SnapshotFile.Format}/{SnapshotFile.Version}\n{contentHash}");

    public void Dispose() => _key.Dispose();
}
