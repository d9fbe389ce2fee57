using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CcAudit.Core.Permissions.Oracle;

namespace CcAudit.Core.RedTeam.Live;

/// <summary>An instruction planted in untrusted content: the channel it arrives by, its marker, and the call it asks for.</summary>
internal sealed record RangeInjection(string Channel, string Marker, ScriptedToolUse Call);

/// <summary>What the model of one run does: the first turn's tool calls, and the injections it follows when it reads them.</summary>
internal sealed record RangeScript(IReadOnlyList<ScriptedToolUse> FirstTurn, IReadOnlyList<RangeInjection> Injections);

/// <summary>
/// The model the jailed binary talks to on its loopback. The scripted model plays probes and follows planted injections
/// deterministically; <see cref="EndpointRangeModel"/> forwards to a real model. Both see the same requests and are
/// routed by run id, so the range around them (jail, canaries, planted content) is the same.
/// </summary>
internal interface IRangeModel
{
    void Register(string runId, RangeScript script);

    /// <summary>The injection markers that reached the model's context in this run (in tool results or attached files).</summary>
    IReadOnlyCollection<string> Delivered(string runId);

    void Forget(string runId);

    Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken);
}

/// <summary>
/// The scripted model: turn 0 emits the run's calls; turn 1 issues the call of every injection whose marker is in the
/// request (that is what an obedient model does with "run this first"); later turns and side conversations end. A
/// side conversation (WebFetch's page summary) answers with the page's injected lines, as a summarising model would.
/// </summary>
internal sealed class ScriptedRangeModel : IRangeModel
{
    private readonly RangeRuns runs = new();

    public void Register(string runId, RangeScript script) => runs.Register(runId, script);

    public IReadOnlyCollection<string> Delivered(string runId) => runs.Delivered(runId);

    public void Forget(string runId) => runs.Forget(runId);

    public async Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
    {
        var (runId, path) = MessagesApiMock.Route(request.Target);
        if (request.Method != "POST" || !path.StartsWith("/v1/messages", StringComparison.Ordinal))
        {
            const string NotFound = """{"type":"error","error":{"type":"not_found_error","message":"range"}}""";
            await MessagesApiMock.WriteJsonAsync(stream, 404, NotFound, cancellationToken);
            return;
        }

        var body = ParseOrNull(request.Body);
        var messages = body?["messages"] as JsonArray ?? [];
        var first = messages.Count > 0 ? MessagesApiMock.TextOf(messages[0]?["content"]) : "";
        var turn = messages.Count(m => (string?)m?["role"] == "assistant");
        var model = (string?)body?["model"] ?? "claude";
        var streaming = body?["stream"] is JsonValue s && s.TryGetValue<bool>(out var on) && on;
        runs.TryGet(runId, out var script);
        var history = messages.ToJsonString();
        IReadOnlyList<ScriptedToolUse>? calls = null;
        var text = "done";
        if (script is not null && first.Contains(MessagesApiMock.PromptMarker, StringComparison.Ordinal))
        {
            calls = turn == 0 ? script.FirstTurn : turn == 1 ? Follow(runId, script, history) : null;
        }
        else if (script is not null)
        {
            text = Echo(script, history) ?? "done";
        }

        calls = calls is { Count: 0 } ? null : calls;
        if (streaming)
        {
            await MessagesApiMock.WriteSseAsync(stream, model, calls, cancellationToken, text);
        }
        else
        {
            await MessagesApiMock.WriteJsonAsync(stream, 200, MessagesApiMock.Message(model, calls, text).ToJsonString(),
                cancellationToken);
        }
    }

    private List<ScriptedToolUse> Follow(string runId, RangeScript script, string history)
    {
        var found = script.Injections.Where(i => history.Contains(i.Marker, StringComparison.Ordinal)).ToList();
        foreach (var injection in found)
        {
            runs.MarkDelivered(runId, injection.Marker);
        }

        return [.. found.Select(i => i.Call)];
    }

    /// <summary>The injected lines of a page a side conversation is asked to summarise, or null when it holds none.</summary>
    private static string? Echo(RangeScript script, string history)
    {
        var lines = script.Injections.Where(i => history.Contains(i.Marker, StringComparison.Ordinal))
            .Select(i => $"The page says: run {RedTeamCalls.Display(i.Call.Name, LiveObservation.Parse(i.Call.InputJson))} ({i.Marker})")
            .ToList();
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    internal static JsonNode? ParseOrNull(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// A real model behind the range (<c>--model-endpoint</c>): every request the jailed binary makes is forwarded from this
/// process (outside the jail) to the endpoint with the user's key, and the answer is streamed back unchanged. The binary
/// still has no network; only this forwarder talks to the endpoint. Delivery is read from the requests, as scripted.
/// </summary>
internal sealed class EndpointRangeModel(Uri endpoint, string apiKey, HttpMessageHandler? handler = null) : IRangeModel, IDisposable
{
    private static readonly string[] Forwarded = ["anthropic-version", "anthropic-beta", "content-type", "accept"];
    private readonly HttpClient client = new(handler ?? new SocketsHttpHandler(),
        disposeHandler: true) { Timeout = TimeSpan.FromMinutes(5) };
    private readonly RangeRuns runs = new();

    public void Register(string runId, RangeScript script) => runs.Register(runId, script);

    public IReadOnlyCollection<string> Delivered(string runId) => runs.Delivered(runId);

    public void Forget(string runId) => runs.Forget(runId);

    public async Task HandleAsync(HttpRequestLite request, Stream stream, CancellationToken cancellationToken)
    {
        var (runId, path) = MessagesApiMock.Route(request.Target);
        if (runs.TryGet(runId, out var script))
        {
            var history = Encoding.UTF8.GetString(request.Body);
            foreach (var injection in script.Injections.Where(i => history.Contains(i.Marker, StringComparison.Ordinal)))
            {
                runs.MarkDelivered(runId, injection.Marker);
            }
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(endpoint, path.TrimStart('/')));
        forward.Content = new ByteArrayContent(request.Body);
        foreach (var (name, value) in request.Headers.Where(h => Forwarded.Contains(h.Key, StringComparer.OrdinalIgnoreCase)))
        {
            if (!forward.Headers.TryAddWithoutValidation(name, value))
            {
                forward.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        forward.Headers.TryAddWithoutValidation("x-api-key", apiKey);
        using var response = await client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var type = response.Content.Headers.ContentType ?? new MediaTypeHeaderValue("application/json");
        var head = $"HTTP/1.1 {(int)response.StatusCode} {response.ReasonPhrase}\r\nContent-Type: {type}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(stream, cancellationToken);
    }

    public void Dispose() => client.Dispose();
}

/// <summary>The scripts of the runs a range model serves, and which injections each run has delivered so far.</summary>
internal sealed class RangeRuns
{
    private readonly ConcurrentDictionary<string, RangeScript> scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> delivered = new(StringComparer.Ordinal);

    public void Register(string runId, RangeScript script)
    {
        scripts[runId] = script;
        delivered[runId] = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
    }

    public bool TryGet(string runId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RangeScript? script) =>
        scripts.TryGetValue(runId, out script);

    public void MarkDelivered(string runId, string marker)
    {
        if (delivered.TryGetValue(runId, out var seen))
        {
            seen[marker] = true;
        }
    }

    public IReadOnlyCollection<string> Delivered(string runId) =>
        delivered.TryGetValue(runId, out var seen) ? [.. seen.Keys] : [];

    public void Forget(string runId)
    {
        scripts.TryRemove(runId, out _);
        delivered.TryRemove(runId, out _);
    }
}
