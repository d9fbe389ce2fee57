using System.Net.Sockets;
using System.Text;
using CcAudit.Core.Permissions.Oracle;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.Permissions.Oracle;

public sealed class MessagesApiMockTests
{
    private static async Task<string> PostAsync(string socket, string path, string body)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, token) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), token);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("http://localhost" + path), content);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task MainConversation_GetsEveryProbeOnce_ThenDone()
    {
        using var dir = new TempDir();
        var mock = new MessagesApiMock();
        mock.Register("run1", [new ScriptedToolUse("toolu_1", "Bash", """{"command":"ls"}"""), new ScriptedToolUse("toolu_2", "Read", """{"file_path":"/x"}""")]);
        await using var server = new UnixHttpServer(Path.Combine(dir.Path, "m.sock"), mock.HandleAsync);
        var first = $$"""{"model":"m","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"{{MessagesApiMock.PromptMarker}}"}]}]}""";
        var later = $$"""{"model":"m","stream":true,"messages":[{"role":"user","content":"{{MessagesApiMock.PromptMarker}}"},{"role":"assistant","content":"x"},{"role":"user","content":"r"}]}""";
        var other = """{"model":"m","stream":false,"messages":[{"role":"user","content":"a subagent's prompt"}]}""";

        var probes = await PostAsync(server.Path, "/r/run1/v1/messages?beta=true", first);
        var done = await PostAsync(server.Path, "/r/run1/v1/messages?beta=true", later);
        var side = await PostAsync(server.Path, "/r/run1/v1/messages", other);
        var unknownRun = await PostAsync(server.Path, "/r/run2/v1/messages", first);

        Assert.Contains("event: message_start", probes, StringComparison.Ordinal);
        Assert.Contains("\"id\":\"toolu_1\"", probes, StringComparison.Ordinal);
        Assert.Contains("\"partial_json\":\"{\\u0022file_path\\u0022:\\u0022/x\\u0022}\"", probes, StringComparison.Ordinal);
        Assert.Contains("\"stop_reason\":\"tool_use\"", probes, StringComparison.Ordinal);
        Assert.Contains("\"stop_reason\":\"end_turn\"", done, StringComparison.Ordinal);
        Assert.DoesNotContain("tool_use\"", done.Replace("\"stop_reason\":\"end_turn\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.StartsWith("{", side, StringComparison.Ordinal);
        Assert.Contains("\"text\":\"done\"", side, StringComparison.Ordinal);
        Assert.DoesNotContain("toolu_1", unknownRun, StringComparison.Ordinal);
        Assert.Equal(3, mock.RequestCount("run1"));
    }
}
