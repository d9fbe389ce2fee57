using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CcAudit.Bench.Activity;

/// <summary>
/// A transcript corpus in the shapes Claude Code 2.1.328 writes. Every record is a copy of a record the real binary
/// wrote for the oracle-session fixture (tests/.../Activity/oracle-session), field order and all, with new ids, times
/// and contents: each session opens with the binary's own preamble (queue operations, environment and listing
/// attachments, prompt snapshot, request shape and blobs), then turns of model calls (api-request, assistant records
/// sharing one message id and request id with realistic cache-heavy usage, thinking, text and tool_use blocks), tool
/// results whose sizes follow a long tail (file reads, command output, edits with the original file), the request blob
/// that repeats each result, tools-used, last-prompt and atis-latch records, and a cost-state at the end. One session in
/// ten has a subagent transcript. A few results hold a planted token and some text is not ASCII. Seeded: the same
/// arguments give the same bytes.
/// </summary>
internal sealed class Corpus
{
    private const string Template = "tests/CcAudit.Core.Tests/TestData/Activity/oracle-session/home/.claude/projects/"
        + "-home-dev-work-app/16fbf443-96cc-4cd1-b0f7-6eecfd3af038.jsonl";

    private static readonly JsonSerializerOptions NodeLike = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Words =
    [
        "const", "let", "return", "if", "else", "for", "await", "async", "function", "import", "export", "from", "class", "new",
            "this", "value",
        "result", "config", "options", "request", "response", "user", "items", "index", "error", "logger", "state", "props", "render",
            "data",
        "(", ")", "{", "}", "=>", "=", ";", ".", ",", "\"path\"", "'utf-8'", "0", "1", "42", "null", "true", "// note:", "café",
            "naïve", "日本語", "—",
    ];

    private static readonly string[] Commands =
    [
        "git status", "git diff --stat", "npm test", "npm run build", "ls -la src", "cat package.json", "grep -rn TODO src",
            "git log --oneline -20",
        "dotnet build -c Release", "pytest -q", "cargo test", "make -j2", "git add -A && git commit -m \"wip\"", "rm -rf dist",
            "npm install lodash",
        "curl -s https://api.github.com/repos/octo/app", "cat .env", "docker ps", "kubectl get pods -n prod", "git push origin HEAD",
            "sudo systemctl restart app",
        "find . -name '*.log' -delete", "echo done > /tmp/out.txt", "python3 scripts/migrate.py --dry-run", "pip install requests",
    ];

    private readonly string[] _lines;
    private readonly Random _random;
    private readonly string _root;
    private long _bytes;
    private int _files;

    private Corpus(string repo, string root, int seed)
    {
        _lines = File.ReadAllLines(Path.Combine(repo, Template));
        _random = new Random(seed);
        _root = root;
    }

    public static (int Files, long Bytes) Generate(string repo, string claude, long target, int seed = 17)
    {
        var corpus = new Corpus(repo, claude, seed);
        for (var session = 0; corpus._bytes < target; session++)
        {
            corpus.Session(session);
        }

        return (corpus._files, corpus._bytes);
    }

    private void Session(int number)
    {
        var id = Guid(number);
        var project = $"/home/dev/src/project-{number % 40:00}";
        var start = new DateTime(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc).AddDays(-(number % 90)).AddSeconds(_random.Next(6 * 3600,
            20 * 3600));
        var writer = new SessionWriter(this, id, project, start, sidechain: false);
        writer.Preamble();
        var turns = 2 + (int)Math.Min(60, LogNormal(8, 0.8));
        for (var turn = 0; turn < turns; turn++)
        {
            writer.Turn(1 + (int)Math.Min(25, LogNormal(4, 0.7)));
        }

        writer.CostState();
        var directory = Path.Combine(_root, "projects", project.Replace('/', '-'));
        Write(Path.Combine(directory, id + ".jsonl"), writer.Text);
        if (number % 10 == 3)
        {
            var agent = new SessionWriter(this, id, project, start.AddMinutes(2), sidechain: true);
            agent.Turn(3 + _random.Next(10));
            Write(Path.Combine(directory, id, "subagents", $"agent-{_random.NextInt64():x16}.jsonl"), agent.Text);
        }
    }

    private void Write(string path, StringBuilder text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        File.WriteAllBytes(path, bytes);
        _bytes += bytes.Length;
        _files++;
    }

    private JsonObject Line(int index) => JsonNode.Parse(_lines[index])!.AsObject();

    private double LogNormal(double median, double sigma) => median * Math.Exp(sigma * NextGaussian());

    private double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private string Guid(int salt) =>
        new System.Guid([.. BitConverter.GetBytes(_random.NextInt64()), .. BitConverter.GetBytes(_random.NextInt64() ^ salt)]).ToString();

    private string Base62(int length)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        return string.Create(length, _random, (span, r) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }

    private string Code(int bytes)
    {
        var text = new StringBuilder(bytes + 80);
        while (text.Length < bytes)
        {
            text.Append(' ', 2 * _random.Next(5));
            for (var words = 3 + _random.Next(9); words > 0; words--)
            {
                text.Append(Words[_random.Next(Words.Length)]).Append(' ');
            }

            if (_random.Next(400) == 0)
            {
                text.Append("GITHUB_TOKEN=ghp_").Append(Base62(36));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Numbered(string content) =>
        string.Join('\n', content.Split('\n').Select((line, i) => $"{i + 1}\t{line}"));

    /// <summary>Writes one transcript file, record by record, as the binary appends them.</summary>
    private sealed class SessionWriter(Corpus corpus, string session, string cwd, DateTime start, bool sidechain)
    {
        private readonly string _agentId = corpus.Base62(17).ToLowerInvariant();
        private readonly DateTime _start = start;
        private DateTime _now = start;
        private string? _parent;
        private string _prompt = corpus.Guid(0);
        private int _tool;
        private int _calls;

        public StringBuilder Text { get; } = new();

        public void Preamble()
        {
            for (var i = 0; i < 18; i++)
            {
                if (i == 2)
                {
                    Prompt();
                    continue;
                }

                var record = corpus.Line(i);
                if (record["attachment"] is JsonObject attachment && (string?)attachment["type"] == "environment")
                {
                    attachment["snapshot"]!["workingDirectory"] = cwd;
                }

                Emit(record, chain: record.ContainsKey("uuid"));
            }
        }

        public void Turn(int calls)
        {
            if (Text.Length > 0 && !sidechain)
            {
                Prompt();
            }

            for (var call = 0; call < calls; call++)
            {
                ModelCall(last: call == calls - 1);
            }

            var lastPrompt = corpus.Line(13);
            lastPrompt["lastPrompt"] = "continue with the next step of the refactor";
            lastPrompt["leafUuid"] = _parent;
            Emit(lastPrompt, chain: false);
            Emit(corpus.Line(14), chain: false);
        }

        public void CostState()
        {
            var cost = corpus.Line(69);
            cost["totalCostUSD"] = Math.Round(_calls * 0.0123, 6);
            cost["totalDuration"] = (long)(_now - _start).TotalMilliseconds;
            Emit(cost, chain: false);
        }

        private void Prompt()
        {
            _prompt = corpus.Guid(1);
            var prompt = corpus.Line(2);
            prompt["promptId"] = _prompt;
            prompt["message"]!["content"] = corpus.Code(40 + corpus._random.Next(600));
            prompt["permissionMode"] = corpus._random.Next(8) == 0 ? "acceptEdits" : "default";
            prompt["promptSource"] = "typed";
            prompt["turnOrigin"] = "user";
            prompt["entrypoint"] = "cli";
            Emit(prompt, chain: true);
        }

        private void ModelCall(bool last)
        {
            _calls++;
            var request = corpus.Line(18);
            request["id"] = corpus.Guid(2);
            Emit(request, chain: false);
            if (_calls % 5 == 1)
            {
                Emit(corpus.Line(19), chain: false);
            }

            var messageId = "msg_01" + corpus.Base62(22);
            var requestId = "req_011C" + corpus.Base62(22);
            var usage = Usage();
            if (corpus._random.Next(3) == 0)
            {
                Assistant(messageId, requestId, usage, new JsonObject
                {
                    ["type"] = "thinking", ["thinking"] = corpus.Code(200 + corpus._random.Next(2500)), ["signature"] = corpus.Base62(344),
                });
            }

            if (last || corpus._random.Next(2) == 0)
            {
                Assistant(messageId, requestId, usage, new JsonObject { ["type"] = "text",
                    ["text"] = corpus.Code(40 + (int)Math.Min(4000, corpus.LogNormal(300, 1))) });
            }

            if (!last)
            {
                var toolUseId = $"toolu_01{corpus.Base62(14)}{_tool++:x8}";
                var (name, input, result, content) = Tool();
                Assistant(messageId, requestId, usage, new JsonObject { ["type"] = "tool_use", ["id"] = toolUseId, ["name"] = name,
                    ["input"] = input });
                var assistantUuid = _parent!;
                Result(toolUseId, assistantUuid, result, content);
            }
        }

        private JsonObject Usage()
        {
            var creation = corpus._random.Next(4) == 0 ? corpus._random.Next(200, 8000) : 0;
            return new JsonObject
            {
                ["input_tokens"] = corpus._random.Next(1, 12),
                ["cache_creation_input_tokens"] = creation,
                ["cache_read_input_tokens"] = corpus._random.Next(15_000, 160_000),
                ["output_tokens"] = (int)Math.Min(16_000, corpus.LogNormal(250, 1)),
                ["output_tokens_details"] = new JsonObject { ["thinking_tokens"] = 0 },
                ["server_tool_use"] = new JsonObject { ["web_search_requests"] = 0, ["web_fetch_requests"] = 0 },
                ["service_tier"] = "standard",
                ["cache_creation"] = new JsonObject { ["ephemeral_1h_input_tokens"] = 0, ["ephemeral_5m_input_tokens"] = creation },
                ["inference_geo"] = "",
                ["iterations"] = new JsonArray(),
                ["speed"] = "standard",
                ["fallback_credit"] = null,
            };
        }

        private void Assistant(string messageId, string requestId, JsonObject usage, JsonObject block)
        {
            var template = corpus.Line(20);
            var record = new JsonObject();
            foreach (var (key, value) in template)
            {
                record[key] = value?.DeepClone();
                if (key == "message")
                {
                    // The real API sends a request id, which the binary stores next to the message (the mock did not).
                    record["requestId"] = requestId;
                }
            }

            var message = record["message"]!.AsObject();
            message["id"] = messageId;
            message["content"] = new JsonArray(block);
            message["usage"] = usage.DeepClone();
            message["stop_reason"] = (string?)block["type"] == "tool_use" ? "tool_use" : "end_turn";
            record.Remove("toolInputStreamMs");
            Emit(record, chain: true);
        }

        private (string Name, JsonObject Input, JsonNode Result, string Content) Tool()
        {
            var file = $"{cwd}/src/module{corpus._random.Next(300)}/file{corpus._random.Next(40)}.ts";
            switch (corpus._random.Next(20))
            {
                case < 7:
                    var command = Commands[corpus._random.Next(Commands.Length)];
                    var stdout = corpus.Code((int)Math.Min(30_000, corpus.LogNormal(500, 1.3)));
                    return ("Bash", new JsonObject { ["command"] = command, ["description"] = "Run " + command.Split(' ')[0] },
                        new JsonObject { ["stdout"] = stdout, ["stderr"] = "", ["interrupted"] = false, ["isImage"] = false,
                            ["noOutputExpected"] = false }, stdout);
                case < 13:
                    var source = corpus.Code((int)Math.Min(80_000, corpus.LogNormal(3000, 1)));
                    var lines = source.Count(c => c == '\n') + 1;
                    return ("Read", new JsonObject { ["file_path"] = file },
                        new JsonObject
                        {
                            ["type"] = "text",
                            ["file"] = new JsonObject { ["filePath"] = file, ["content"] = source, ["numLines"] = lines,
                                ["startLine"] = 1, ["totalLines"] = lines },
                        }, Numbered(source));
                case < 17:
                    var original = corpus.Code((int)Math.Min(60_000, corpus.LogNormal(3000, 1)));
                    var (old, replacement) = (corpus.Code(60 + corpus._random.Next(400)), corpus.Code(60 + corpus._random.Next(600)));
                    return ("Edit", new JsonObject { ["file_path"] = file, ["old_string"] = old, ["new_string"] = replacement,
                        ["replace_all"] = false },
                        new JsonObject
                        {
                            ["filePath"] = file, ["oldString"] = old, ["newString"] = replacement, ["originalFile"] = original,
                            ["structuredPatch"] = new JsonArray(new JsonObject { ["oldStart"] = 12, ["oldLines"] = 3,
                                ["newStart"] = 12, ["newLines"] = 4, ["lines"] = new JsonArray(old, replacement) }),
                            ["userModified"] = false, ["replaceAll"] = false,
                        }, $"The file {file} has been updated successfully.");
                case < 19:
                    var matches = string.Join('\n', Enumerable.Range(0, 1 + corpus._random.Next(60))
                        .Select(_ => $"{cwd}/src/module{corpus._random.Next(300)}/file{corpus._random.Next(40)}.ts"));
                    return ("Grep", new JsonObject { ["pattern"] = "useState", ["path"] = cwd, ["output_mode"] = "files_with_matches" },
                        new JsonObject { ["mode"] = "files_with_matches",
                            ["filenames"] = new JsonArray([.. matches.Split('\n').Select(m => (JsonNode)m)]),
                            ["numFiles"] = matches.Count(c => c == '\n') + 1 },
                        matches);
                default:
                    var page = corpus.Code((int)Math.Min(20_000, corpus.LogNormal(2000, 0.8)));
                    return ("WebFetch", new JsonObject { ["url"] = $"https://docs.example{corpus._random.Next(30)}.com/guide",
                        ["prompt"] = "summarise" },
                        new JsonObject { ["bytes"] = page.Length, ["code"] = 200, ["codeText"] = "OK", ["result"] = page,
                            ["durationMs"] = 812, ["url"] = "https://docs.example.com/guide" }, page);
            }
        }

        private void Result(string toolUseId, string assistantUuid, JsonNode result, string content)
        {
            var record = corpus.Line(41);
            record["promptId"] = _prompt;
            record["message"]!["content"]![0]!["tool_use_id"] = toolUseId;
            record["message"]!["content"]![0]!["content"] = content;
            record["toolUseResult"] = result;
            record["sourceToolAssistantUUID"] = assistantUuid;
            if (result["stdout"] is null)
            {
                record.Remove("sandboxed");
            }

            Emit(record, chain: true);

            // The binary stores each message it sends once, as a request blob: the tool result again.
            var blob = corpus.Line(16);
            var hash = Convert.ToHexStringLower(BitConverter.GetBytes(corpus._random.NextInt64()));
            blob["hash"] = hash + corpus.Base62(48).ToLowerInvariant();
            blob["message"] = new JsonObject
            {
                ["role"] = "user",
                ["content"] = new JsonArray(new JsonObject { ["tool_use_id"] = toolUseId, ["type"] = "tool_result",
                    ["content"] = content }),
            };
            Emit(blob, chain: false);
        }

        private void Emit(JsonObject record, bool chain)
        {
            _now = _now.AddMilliseconds(corpus._random.Next(200, 20_000));
            if (record.ContainsKey("sessionId"))
            {
                record["sessionId"] = session;
            }

            if (record.ContainsKey("timestamp"))
            {
                record["timestamp"] = _now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            }

            if (record.ContainsKey("cwd"))
            {
                record["cwd"] = cwd;
            }

            if (chain)
            {
                var uuid = corpus.Guid(3);
                record["parentUuid"] = _parent;
                record["uuid"] = uuid;
                record["isSidechain"] = sidechain;
                if (sidechain && !record.ContainsKey("agentId"))
                {
                    record["agentId"] = _agentId;
                }

                _parent = uuid;
            }

            Text.Append(record.ToJsonString(NodeLike)).Append('\n');
        }
    }
}
