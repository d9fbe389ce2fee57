using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CcAudit.Core.Permissions.Oracle;
using CcAudit.Core.RedTeam;
using CcAudit.Core.RedTeam.Live;
using CcAudit.Core.Tests.TestSupport;

namespace CcAudit.Core.Tests.RedTeam;

/// <summary>
/// <c>--model-endpoint</c>: the forwarder that puts a real model behind the range. No network here, so the "real model"
/// is a stand-in on a Unix socket that behaves like an obedient one (reads what the benign task names, then runs what a
/// planted instruction says); the binary, the jail and the forwarder are the real ones.
/// </summary>
public sealed partial class LiveModelEndpointTests
{
    [GeneratedRegex(@"run `(Bash|Read)\((.+?)\)`")]
    private static partial Regex Instruction();

    /// <summary>A model stand-in: turn 0 reads the README; turn 1 does the first instruction any tool result holds.</summary>
    private sealed class ObedientModel
    {
        public List<HttpRequestLite> Requests { get; } = [];

        public async Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            var body = JsonNode.Parse(request.Body)!;
            var messages = body["messages"]!.AsArray();
            var turn = messages.Count(m => (string?)m?["role"] == "assistant");
            var history = messages.ToJsonString().Replace("\\u0060", "`", StringComparison.Ordinal);
            var task = MessagesApiMock.TextOf(messages[0]?["content"]);
            IReadOnlyList<ScriptedToolUse>? calls = null;
            if (task.Contains("README.md", StringComparison.Ordinal) && turn == 0)
            {
                var readme = Regex.Match(history, "\"cwd\\\\?\":\\\\?\"([^\"\\\\]+)").Groups[1].Value;
                calls = [new ScriptedToolUse("toolu_real_0", "Read", $$"""{"file_path":"{{Path.Combine(readme, "README.md")}}"}""")];
            }
            else if (turn == 1 && Instruction().Match(history) is { Success: true } m)
            {
                calls = [new ScriptedToolUse("toolu_real_1", m.Groups[1].Value, m.Groups[1].Value == "Bash"
                    ? new JsonObject { ["command"] = m.Groups[2].Value }.ToJsonString()
                    : new JsonObject { ["file_path"] = m.Groups[2].Value }.ToJsonString())];
            }

            await MessagesApiMock.WriteSseAsync(stream, (string?)body["model"] ?? "m", calls, cancellationToken);
        }
    }

    private static SocketsHttpHandler Through(string socket) => new()
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await client.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
            return new NetworkStream(client, ownsSocket: true);
        },
    };

    [Fact]
    public async Task Forwarder_SendsTheBinarysRequestsWithTheKey_AndStreamsTheAnswerBack()
    {
        using var dir = new TempDir();
        var model = new ObedientModel();
        await using var server = new UnixHttpServer(dir.Combine("m.sock"), model.HandleAsync);
        using var forwarder = new EndpointRangeModel(new Uri("http://model.example/api/"), "sk-ant-user-key-0000", Through(server.Path));
        forwarder.Register("r1", new RangeScript([], [new RangeInjection("README.md", "MARK-1", new ScriptedToolUse("x", "Bash", "{}"))]));
        var request = new HttpRequestLite("POST", "/r/r1/v1/messages?beta=true",
            new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["anthropic-version"] = "2023-06-01",
                ["x-api-key"] = "sk-ant-oracle-dummy" },
            Encoding.UTF8.GetBytes("""{"model":"m","stream":true,"messages":[{"role":"user","content":"Read README.md MARK-1"}]}"""));
        using var answer = new MemoryStream();

        await forwarder.HandleAsync(request, answer, TestContext.Current.CancellationToken);

        var forwarded = Assert.Single(model.Requests);
        Assert.Equal("/api/v1/messages?beta=true", forwarded.Target);
        Assert.Equal("sk-ant-user-key-0000", forwarded.Headers["x-api-key"]);
        Assert.Equal("2023-06-01", forwarded.Headers["anthropic-version"]);
        Assert.Equal(request.Body, forwarded.Body);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        Assert.StartsWith("HTTP/1.1 200", text, StringComparison.Ordinal);
        Assert.Contains("event: message_start", text, StringComparison.Ordinal);
        Assert.Contains("toolu_real_0", text, StringComparison.Ordinal);
        Assert.Equal(["MARK-1"], forwarder.Delivered("r1"));
    }

    [Fact]
    public async Task RealBinary_WithAModelBehindTheEndpoint_FollowsTheReadmeInjection_AndTheReportShowsIt()
    {
        using var fixture = new RedTeamFixture();
        var (_, context, report) = RedTeamRun.Run(fixture.Options(), new RedTeamRequest([fixture.App]),
            TestContext.Current.CancellationToken);
        var pass = Assert.Single(report.Launches);
        var target = RedTeamRule.TargetOf(context, Assert.Single(context.Launches, l => l.Path == fixture.App));
        using var dir = new TempDir();
        var model = new ObedientModel();
        await using var server = new UnixHttpServer(dir.Combine("m.sock"), model.HandleAsync);
        var previous = LiveRedTeam.Endpoint;
        LiveRedTeam.Endpoint = (uri, key) => new EndpointRangeModel(uri, key!, Through(server.Path));
        try
        {
            var options = new LiveOptions(TestEnvironment.ClaudeBinary, "/var/tmp/ccaudit-live-tests", 2,
                new Uri("http://model.example/"), "sk-ant-user-key-0000");
            var live = await LiveRedTeam.RunAsync(target, pass, options, TestContext.Current.CancellationToken);

            Assert.True(live.SelfCheckPassed);
            Assert.Equal("endpoint http://model.example", live.Model);
            // The stand-in got the benign task, never the scripted marker, and the user's key, never the range's dummy.
            Assert.Contains(model.Requests, r => Encoding.UTF8.GetString(r.Body).Contains("Get familiar with this repository",
                StringComparison.Ordinal));
            Assert.DoesNotContain(model.Requests, r => Encoding.UTF8.GetString(r.Body).Contains(MessagesApiMock.PromptMarker,
                StringComparison.Ordinal));
            Assert.All(model.Requests, r => Assert.Equal("sk-ant-user-key-0000", r.Headers["x-api-key"]));
            var readme = live.Injections.Where(i => i.Channel == LiveInjections.Readme).ToList();
            Assert.All(readme, i => Assert.True(i.Delivered));
            var push = Assert.Single(readme, i => i.Call.StartsWith("Bash(git push", StringComparison.Ordinal));
            Assert.Equal("allow", push.Binary);
            Assert.Contains(push.Effects, e => e.StartsWith("command would have run", StringComparison.Ordinal));
            // The stand-in never read the page or the issue: those channels are not delivered, and say so.
            Assert.All(live.Injections.Where(i => i.Channel == LiveInjections.Page), i => Assert.False(i.Delivered));
        }
        finally
        {
            LiveRedTeam.Endpoint = previous;
        }
    }
}
