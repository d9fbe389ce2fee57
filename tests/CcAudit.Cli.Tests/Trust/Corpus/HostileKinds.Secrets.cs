namespace CcAudit.Cli.Tests.Trust.Corpus;

internal static partial class HostileKinds
{
    private const string DiagnosticSecret = "diag-Secr3t#pw-quoted";

    private static IEnumerable<HostileKind> Secrets()
    {
        yield return K("secrets in every field", m =>
        {
            var planting = new SecretPlanting(m.Root);
            m.Secrets.AddRange(planting.Secrets.Values);
        }) with { EveryFormat = true };
        yield return K("secrets quoted by diagnostics", m =>
        {
            m.Secrets.Add(DiagnosticSecret);
            m.Write(User, "{\"env\":{\"DB_PASSWORD\":\"" + DiagnosticSecret + "\" oops}}");
            m.Write(Project, "{\"apiKeyHelper\":" + DiagnosticSecret + "}");
            m.Write(ClaudeJson, "{\"primaryApiKey\":\"sk-ant-api03-" + new string('D', 40) + "\",\"mcpServers\":{\"x\":{\"args\":[\"--password\",\""
                + DiagnosticSecret + "\"]}},}");
            m.Write($"{m.TranscriptDir}/bad.jsonl", "{\"type\":\"user\",\"message\":{\"content\":\"PGPASSWORD=" + DiagnosticSecret + "\"\n");
        }, Malformed);
        yield return K("secrets of unexpected types", m =>
        {
            m.Secrets.Add("918273645546372811");
            m.Write(User, """{"env":{"API_TOKEN":918273645546372811,"PASSWORD":{"v":"nested-Pw#1"},"SECRET":["arr-Pw#2"]},"apiKeyHelper":7}""");
            m.Secrets.AddRange(["nested-Pw#1", "arr-Pw#2"]);
        });
    }

    private static IEnumerable<HostileKind> Stores()
    {
        yield return K("store path a symlink loop", m =>
        {
            m.Link("out/store.db", m.Combine("out/store-b.db"));
            m.Link("out/store-b.db", m.Combine("out/store.db"));
        }) with { StoreUnusable = true };
        yield return K("store file garbage", m => m.WriteBytes("out/store.db", [.. "SQLite format 3\0"u8, .. new byte[4096]])) with { StoreUnusable = true };
        yield return K("store path a directory", m => m.AsDirectory("out/store.db")) with { StoreUnusable = true };
        yield return K("store path a FIFO", m => m.Fifo("out/store.db")) with { StoreUnusable = true };
    }
}
