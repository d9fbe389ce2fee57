using System.Text;
using CcAudit.Core.Common;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Tests.Reach;

/// <summary>
/// Generates a realistic project tree (sources, node_modules-like packages, binaries, infrastructure) with secrets
/// of every recognised kind planted at known places, plus decoys that look like secrets but are not. Shared by the
/// correctness test and the benchmark (linked into bench/CcAudit.Bench.Reach), so both measure the same thing.
/// </summary>
public static class PlantedTree
{
    /// <summary>One planted secret: where, what kind, and the fingerprint the scanner must report.</summary>
    public sealed record Plant(string RelativePath, SecretKind Kind, string Fingerprint);

    public sealed record Manifest(string Root, int Files, IReadOnlyList<Plant> Plants, IReadOnlyList<string> DecoyFiles);

    private const string Alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static readonly string[] DecoyLines =
    [
        "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "password = \"changeme\"",
        "DB_PASSWORD=${DB_PASSWORD}",
        "api_key: \"<your-api-key-here>\"",
        "token = os.environ[\"GITHUB_TOKEN\"]",
        "const secret = process.env.SECRET_KEY;",
        "DATABASE_URL=postgres://user:password@localhost:5432/app",
        "REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379",
        "SLACK_TOKEN=xoxb-your-token-here",
        "ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "-----BEGIN PRIVATE KEY-----",
        "...",
        "-----END PRIVATE KEY-----",
        "secret_token = this_is_not_a_real_value",
        "passwordField = getPasswordFromVault()",
        "commit = 3f786850e387550fdab836ed7e6dc881de23001b",
        "\"integrity\": \"sha512-9nXf8Lx2DZmsHnIDHFOxgTW/T0i0ZzxdR1tM3h7EBdprzYqhxe3Wx7LbDlSy0lR6cGFZ2h9QbS7k6YkW0mQ0Bw==\"",
        "tokenizer = build_tokenizer(vocab_size=32000)",
        "jwt = \"eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.\"",
        "private_key_path = \"/etc/ssl/private/server.key\"",
        "secrets: inherit",
    ];

    /// <summary>Writes about <paramref name="files"/> files under <paramref name="root"/> (which must be empty or absent).</summary>
    public static Manifest Generate(string root, int files, int seed = 20261125)
    {
        var random = new Random(seed);
        var plants = new List<Plant>();
        var decoys = new List<string>();
        var written = 0;
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, ".git", "info"));
        Write(root, ".gitignore", "node_modules/\ndist/\n*.log\n.env\n.env.*\n!.env.example\nterraform/*.tfstate\n", ref written);

        // Planted secrets: every kind, several times, in the places they are found in real repositories.
        var plantRounds = Math.Max(2, files / 5000);
        for (var round = 0; round < plantRounds; round++)
        {
            var svc = $"services/svc{round}";
            var gh = "ghp_" + Chars(random, Alnum, 36);
            var ghpat = "github_pat_" + Chars(random, Alnum + "_", 82);
            var aws = "AKIA" + Chars(random, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            var awsSecret = Chars(random, Alnum + "/+", 40);
            var db = Chars(random, Alnum, 18);
            AddPlant(plants, root, $"{svc}/.env", ref written, string.Join('\n',
                    $"GITHUB_TOKEN={gh}", $"GH_PAT={ghpat}", $"AWS_ACCESS_KEY_ID={aws}", $"AWS_SECRET_ACCESS_KEY={awsSecret}",
                    $"DATABASE_URL=postgres://app:{db}@db.internal:5432/app", "LOG_LEVEL=debug", ""),
                (SecretKind.GitHubToken, gh), (SecretKind.GitHubToken, ghpat), (SecretKind.AwsAccessKeyId, aws), (SecretKind.AwsSecretAccessKey, awsSecret), (SecretKind.DatabaseUrlPassword, db));

            var gl = "glpat-" + Chars(random, Alnum + "_-", 20);
            var slack = $"xoxb-{Chars(random, "0123456789", 12)}-{Chars(random, "0123456789", 13)}-{Chars(random, Alnum, 24)}";
            var ant = "sk-ant-api03-" + Chars(random, Alnum + "_-", 93) + "AA";
            var oai = "sk-proj-" + Chars(random, Alnum, 74) + "T3BlbkFJ" + Chars(random, Alnum, 74);
            AddPlant(plants, root, $"{svc}/config/settings.py", ref written, string.Join('\n',
                    "import os", "", "DEBUG = False", $"GITLAB_TOKEN = \"{gl}\"", $"SLACK_BOT_TOKEN = '{slack}'", $"ANTHROPIC_API_KEY = \"{ant}\"",
                    $"OPENAI_API_KEY = \"{oai}\"", "ALLOWED_HOSTS = ['*']", ""),
                (SecretKind.GitLabToken, gl), (SecretKind.SlackToken, slack), (SecretKind.AnthropicApiKey, ant), (SecretKind.OpenAiApiKey, oai));

            var stripe = "sk_live_" + Chars(random, Alnum, 99);
            var restricted = "rk_live_" + Chars(random, Alnum, 99);
            var jwt = Jwt(random);
            AddPlant(plants, root, $"{svc}/src/billing.ts", ref written, string.Join('\n',
                    "import Stripe from 'stripe';", $"const stripe = new Stripe('{stripe}');", $"const restricted = \"{restricted}\";",
                    $"const session = '{jwt}';", "export default stripe;", ""),
                (SecretKind.StripeLiveKey, stripe), (SecretKind.StripeLiveKey, restricted), (SecretKind.JsonWebToken, jwt));

            var pemBody = Chars(random, Alnum + "+/", 64 * 12);
            AddPlant(plants, root, $"{svc}/deploy/id_rsa", ref written,
                "-----BEGIN RSA PRIVATE KEY-----\n" + string.Join('\n', pemBody.Chunk(64).Select(c => new string(c))) + "\n-----END RSA PRIVATE KEY-----\n",
                (SecretKind.PrivateKey, pemBody));

            var saBody = Chars(random, Alnum + "+/", 64 * 10);
            var saKey = "-----BEGIN PRIVATE KEY-----\\n" + string.Join("\\n", saBody.Chunk(64).Select(c => new string(c))) + "\\n-----END PRIVATE KEY-----\\n";
            AddPlant(plants, root, $"{svc}/deploy/gcp-sa.json", ref written,
                "{\n  \"type\": \"service_account\",\n  \"project_id\": \"acme-prod\",\n  \"private_key_id\": \"" + Chars(random, "0123456789abcdef", 40) + "\",\n"
                + $"  \"private_key\": \"{saKey}\",\n  \"client_email\": \"deployer@acme-prod.iam.gserviceaccount.com\",\n  \"client_id\": \"1234\"\n}}\n",
                (SecretKind.GoogleServiceAccountKey, saKey));

            var tfPassword = Chars(random, Alnum, 24) + "#9";
            AddPlant(plants, root, $"terraform/env{round}.tfstate", ref written,
                "{\n  \"version\": 4,\n  \"resources\": [{\"type\": \"aws_db_instance\", \"instances\": [{\"attributes\": {\"username\": \"admin\", \"password\": \"" + tfPassword + "\"}}]}]\n}\n",
                (SecretKind.GenericHighEntropy, tfPassword));

            var k8s = Chars(random, Alnum, 32);
            AddPlant(plants, root, $"k8s/secret-{round}.yaml", ref written,
                $"apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-{round}\ntype: Opaque\nstringData:\n  api_token: {k8s}\n",
                (SecretKind.GenericHighEntropy, k8s));

            var docker = Chars(random, Alnum, 28);
            AddPlant(plants, root, $"{svc}/Dockerfile", ref written,
                $"FROM node:20-slim\nWORKDIR /app\nENV NPM_TOKEN={docker}\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"server.js\"]\n",
                (SecretKind.GenericHighEntropy, docker));

            var decoy = $"{svc}/docs/setup.md";
            Write(root, decoy, "# Setup\n\n```\n" + string.Join('\n', DecoyLines) + "\n```\n", ref written);
            decoys.Add(decoy);
            var decoyEnv = $"{svc}/.env.example";
            Write(root, decoyEnv, "GITHUB_TOKEN=\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nDB_PASSWORD=changeme\nSECRET_KEY=your-secret-key\n", ref written);
            decoys.Add(decoyEnv);
        }

        // The bulk: sources, dependencies, binaries.
        var package = 0;
        while (written < files)
        {
            var kind = random.Next(10);
            if (kind < 5)
            {
                var dir = $"node_modules/pkg{package / 40}/lib";
                Write(root, $"{dir}/m{package}.js", SourceFile(random, "js"), ref written);
                if (package % 40 == 0)
                {
                    Write(root, $"node_modules/pkg{package / 40}/package.json", $"{{\n  \"name\": \"pkg{package / 40}\",\n  \"version\": \"1.{package % 7}.0\",\n  \"main\": \"lib/index.js\"\n}}\n", ref written);
                }

                package++;
            }
            else if (kind < 9)
            {
                var ext = new[] { "ts", "py", "cs", "go" }[random.Next(4)];
                Write(root, $"src/mod{written % 300}/f{written}.{ext}", SourceFile(random, ext), ref written);
            }
            else
            {
                var bytes = new byte[random.Next(2000, 20000)];
                random.NextBytes(bytes);
                bytes[10] = 0;
                var full = Path.Combine(root, $"assets/img{written % 50}/b{written}.png");
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllBytes(full, bytes);
                written++;
            }
        }

        return new Manifest(root, written, plants, decoys);
    }

    private static void AddPlant(List<Plant> plants, string root, string relative, ref int written, string content, params (SecretKind Kind, string Value)[] secrets)
    {
        Write(root, relative, content, ref written);
        plants.AddRange(secrets.Select(s => new Plant(relative, s.Kind, Redaction.Fingerprint(s.Value))));
    }

    private static void Write(string root, string relative, string content, ref int written)
    {
        var full = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        written++;
    }

    private static string SourceFile(Random random, string ext)
    {
        var text = new StringBuilder();
        var lines = random.Next(20, 120);
        for (var i = 0; i < lines; i++)
        {
            var name = Name(random);
            // Most lines are plain code; about one in twelve mentions a token or password the way real code does.
            text.AppendLine((random.Next(24), ext) switch
            {
                (0, _) => $"// {name} handles the token refresh before the request is sent",
                (1, _) => $"const {name}Token = await auth.getToken(scope);",
                (< 6, "py") => $"def {name}(self, value):\n    return self._cache.get(value, {random.Next(1000)})",
                (< 6, _) => $"function {name}(value) {{ return cache.get(value) ?? {random.Next(1000)}; }}",
                (< 9, "py") => $"import {name}",
                (< 9, _) => $"import {{ {name} }} from './{name}';",
                (< 13, _) => $"export const {name} = \"{Chars(random, Alnum, random.Next(8, 40))}\";",
                (< 18, _) => $"if ({name}.length > {random.Next(100)}) {{ throw new Error(\"{name} too long\"); }}",
                (< 23, _) => $"    {name}.push(items[{random.Next(100)}], options.timeout, http.get(url));",
                _ => $"let password_{name} = readPassword(config, \"{name}\");",
            });
        }

        return text.ToString();
    }

    /// <summary>An identifier that never spells a secret keyword by accident ("vtoken = '…'" would be a real plant).</summary>
    private static string Name(Random random)
    {
        while (true)
        {
            var name = "v" + Chars(random, "abcdefghijklmnopqrstuvwxyz", random.Next(3, 10));
            if (!Keywords.Any(k => name.Contains(k, StringComparison.Ordinal)))
            {
                return name;
            }
        }
    }

    private static readonly string[] Keywords = ["secret", "token", "passw", "apikey", "accesskey", "privatekey", "authkey", "credential", "http"];

    private static string Jwt(Random random)
    {
        static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return B64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + B64($"{{\"sub\":\"{random.Next()}\",\"role\":\"admin\",\"iat\":1700000000}}") + "." + Chars(random, Alnum + "-_", 43);
    }

    private static string Chars(Random random, string alphabet, int length) =>
        string.Create(length, (random, alphabet), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
