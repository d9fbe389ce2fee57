using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using System.Text;
using CcAudit.Core.Common;
using CcAudit.Core.Reach;

namespace CcAudit.Core.Activity;

/// <summary>
/// Reads one transcript into <see cref="TranscriptFacts"/>. Each line gets one forward pass of a
/// <see cref="Utf8JsonReader"/> over the pooled line buffer that picks the top-level fields and skips every other value
/// unread; only a record's <c>message</c> (and a few small objects) is materialised, and only when its type needs it.
/// Records that cannot carry activity (request shapes and blobs, megabytes each) are recognised by their first bytes
/// and never parsed. Malformed, truncated and non-UTF-8 lines become diagnostics with the first line number.
/// </summary>
internal sealed partial class TranscriptParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512 };

    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "user", "assistant", "attachment", "system", "api-request", "api-request-shape", "api-request-blob", "tools-used", "permission-mode", "mode",
        "file-history-snapshot", "file-history-delta", "queue-operation", "last-prompt", "cost-state", "atis-latch", "summary", "custom-title", "progress",
    };

    // Top-level fields of 2.1.328 records (claude-code-surface.md §8.2 and the transcripts the binary wrote for the fixtures,
    // plus older versions' summary/custom-title fields); any other name is counted, so a format change shows in the report.
    private static readonly byte[][] KnownFields =
        [.. new[]
        {
            "type", "uuid", "parentUuid", "logicalParentUuid", "isSidechain", "timestamp", "sessionId", "cwd", "gitBranch", "version", "userType", "entrypoint",
            "message", "promptId", "permissionMode", "promptSource", "turnOrigin", "turnPosition", "toolUseResult", "sourceToolAssistantUUID",
            "permissionDecision", "toolDenialKind", "sandboxed", "requestId", "requestRef", "requestedModel", "apiBlockIndex", "effort", "perTurnEffort",
            "madeBy", "promptCacheRequested", "toolInputStreamMs", "attachment", "rendered", "renderedBesideToolResult", "renderedRole", "subtype",
            "hookInfos", "hookErrors", "hookCount", "preventedContinuation", "stopReason", "hasOutput", "level", "toolUseID", "isMeta", "isApiErrorMessage",
            "isCompactSummary", "compactMetadata", "isVisibleInTranscriptOnly", "id", "querySource", "params", "shapeHash", "shape", "tail", "cacheControl",
            "requestDigest", "hash", "base", "keep", "tools", "mode", "messageId", "snapshot", "isSnapshotUpdate", "trackingPath", "backup", "operation",
            "content", "lastPrompt", "leafUuid", "costUSD", "totalCostUSD", "totalAPIDuration", "totalAPIDurationWithoutRetries", "totalDuration",
            "totalToolDuration", "totalLinesAdded", "totalLinesRemoved", "modelUsage", "hasUnknownModelCost", "startTime", "atis",
            "attributionMcpServer", "attributionMcpTool", "mcpCallNotReadOnly", "summary", "customTitle", "slug", "agentId", "durationMs",
        }.Select(Encoding.UTF8.GetBytes)];

    // Records that never hold usage, tool calls or permission evidence; they start with their type, so a prefix test skips them.
    private static readonly byte[][] SkippedPrefixes =
        [.. new[] { "api-request-shape", "api-request-blob", "api-request" }.Select(t => Encoding.UTF8.GetBytes($"{{\"type\":\"{t}\""))];

    private readonly TranscriptFacts _facts;
    private readonly JsonlLineFaults _faults;
    private readonly ActivityOptions _options;
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly StringCache _cache = new();
    private readonly List<Block> _blocks = [];
    private int _notUtf8;
    private int _firstNotUtf8;
    private int _notObject;
    private int _line;

    private TranscriptParser(TranscriptFacts facts, ActivityOptions options)
    {
        _facts = facts;
        _faults = new JsonlLineFaults(facts.Path, facts.Diagnostics);
        _options = options;
    }

    public static TranscriptFacts Parse(string path, ActivityOptions options)
    {
        var facts = new TranscriptFacts(path);
        var parser = new TranscriptParser(facts, options);
        JsonlLines.Read(path, options.MaxLineBytes, facts.Diagnostics, parser.Line);
        parser.Finish();
        return facts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Line(JsonlLine line)
    {
        var span = line.Span;
        if (line.Terminated)
        {
            foreach (var prefix in SkippedPrefixes)
            {
                if (span.StartsWith(prefix))
                {
                    return;
                }
            }
        }

        var memory = line.Memory;
        if (!Utf8.IsValid(span))
        {
            // Node (ccusage) decodes bad bytes to U+FFFD and goes on; so do we, and say so.
            _notUtf8++;
            _firstNotUtf8 = _firstNotUtf8 == 0 ? line.Number : _firstNotUtf8;
            memory = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(span));
        }

        var record = default(Record);
        if (!_options.FastPaths || !Record.TryReadFast(memory.Span, _cache, out record))
        {
            try
            {
                if (!Record.TryRead(memory, out record))
                {
                    _notObject++;
                    return;
                }
            }
            catch (JsonException)
            {
                _faults.Rejected(line);
                return;
            }
        }

        try
        {
            _line = line.Number;
            Handle(record, memory);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException or OverflowException or RegexMatchTimeoutException)
        {
            // The top level read cleanly, so a nested value is what the reader rejects (depth, bad number, odd tool input): count the line as malformed, keep reading.
            _faults.Malformed(line.Number);
        }
    }

    private void Finish()
    {
        _faults.Finish();

        if (_notUtf8 > 0)
        {
            _facts.Diagnostics.Add(Diagnostic.Warning(DiagnosticCodes.FileNotUtf8, $"{_notUtf8} line(s) hold bytes that are not UTF-8; read with U+FFFD in their place (first at line {_firstNotUtf8})", new SourceLocation(_facts.Path, _firstNotUtf8)));
        }

        if (_notObject > 0)
        {
            _facts.UnknownTypes["(not an object)"] = _notObject;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Handle(Record record, ReadOnlyMemory<byte> line)
    {
        var at = record.Timestamp is { } stamp && DateTimeOffset.TryParse(stamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : (DateTimeOffset?)null;
        if (at is { } seen)
        {
            _facts.Earliest = _facts.Earliest is null || seen < _facts.Earliest ? seen : _facts.Earliest;
        }

        var session = record.SessionId is { } id ? Session(id) : null;
        var cwd = record.Cwd ?? session?.Cwd;
        if (!_options.Includes(at, cwd))
        {
            return;
        }

        if (session is not null)
        {
            session.Cwd ??= record.Cwd;
            session.EntryPoint ??= record.EntryPoint;
            if (record.Version is { } version)
            {
                session.Versions.Add(version);
            }

            if (record.PermissionMode is { } mode)
            {
                session.Modes.Add(mode);
            }

            if (at is { } when)
            {
                session.Seen(when);
            }

            if (record.TotalCostUsd is { } cost)
            {
                session.CostState = session.CostState is null || cost > session.CostState ? cost : session.CostState;
            }
        }

        var type = record.Type ?? "(no type)";
        if (!KnownTypes.Contains(type))
        {
            _facts.UnknownTypes[type] = _facts.UnknownTypes.GetValueOrDefault(type) + 1;
        }
        else if (record.UnknownField is { } field)
        {
            var key = $"{type}.{field}";
            _facts.UnknownFields[key] = _facts.UnknownFields.GetValueOrDefault(key) + 1;
        }

        if (_options.FastPaths && type == "user" && record.Message.Length > 0 && TryUserFast(record, line, at))
        {
            return;
        }

        using var message = record.Message.Length > 0 ? JsonDocument.Parse(line.Slice(record.Message.Start, record.Message.Length), DocumentOptions) : null;
        if (message is not null)
        {
            Usage(record, message.RootElement, at);
        }

        switch (type)
        {
            case "assistant" when message is not null:
                ToolUses(message.RootElement, record, at);
                break;
            case "user" when message is not null:
                User(message.RootElement, record, line, at);
                break;
            case "file-history-snapshot" when record.Snapshot.Length > 0:
                using (var snapshot = JsonDocument.Parse(line.Slice(record.Snapshot.Start, record.Snapshot.Length), DocumentOptions))
                {
                    if (snapshot.RootElement.ValueKind == JsonValueKind.Object && snapshot.RootElement.TryGetProperty("trackedFileBackups", out var backups) && backups.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var file in backups.EnumerateObject())
                        {
                            _facts.FileHistory.Add(new FileHistoryEvent(file.Name, record.SessionId));
                        }
                    }
                }

                break;
            case "file-history-delta" when record.TrackingPath is { } tracked:
                _facts.FileHistory.Add(new FileHistoryEvent(tracked, record.SessionId));
                break;
            // Most attachments are large (instructions, file snapshots): only one that names the environment is parsed.
            case "attachment" when record.Attachment.Length > 0 && session is not null
                && line.Span.Slice(record.Attachment.Start, record.Attachment.Length).IndexOf("\"environment\""u8) >= 0:
                using (var attachment = JsonDocument.Parse(line.Slice(record.Attachment.Start, record.Attachment.Length), DocumentOptions))
                {
                    // The environment Claude Code describes to the model at session start names every working directory
                    // beside the launch directory (--add-dir, /add-dir, additionalDirectories), as its permission checks see them.
                    if (Text(attachment.RootElement, "type") == "environment" && attachment.RootElement.TryGetProperty("snapshot", out var environment)
                        && environment.ValueKind == JsonValueKind.Object && environment.TryGetProperty("additionalWorkingDirectories", out var directories)
                        && directories.ValueKind == JsonValueKind.Array)
                    {
                        session.AdditionalDirectories.UnionWith(directories.EnumerateArray()
                            .Where(d => d.ValueKind == JsonValueKind.String && d.GetString()!.StartsWith('/')).Select(d => d.GetString()!));
                    }
                }

                break;
        }
    }

    private SessionFacts Session(string id)
    {
        if (!_facts.Sessions.TryGetValue(id, out var session))
        {
            session = new SessionFacts(id);
            _facts.Sessions[id] = session;
        }

        return session;
    }

    /// <summary>ccusage's usage schema, check for check: a record it would reject is not counted here either.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Usage(Record record, JsonElement message, DateTimeOffset? at)
    {
        if (!record.CcusageValid || at is null || record.Timestamp is not { } stamp || !IsCcusageTimestamp(stamp) || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (!Number(usage, "input_tokens", required: true, out var input) || !Number(usage, "output_tokens", required: true, out var output)
            || !Number(usage, "cache_creation_input_tokens", required: false, out var creation) || !Number(usage, "cache_read_input_tokens", required: false, out var read))
        {
            return;
        }

        string? speed = null;
        if (usage.TryGetProperty("speed", out var speedValue) && (speedValue.ValueKind != JsonValueKind.String || (speed = speedValue.GetString()) is not ("standard" or "fast")))
        {
            return;
        }

        if (!OptionalText(message, "model", out var model) || !OptionalText(message, "id", out var id))
        {
            return;
        }

        if (message.TryGetProperty("content", out var content))
        {
            if (content.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var block in content.EnumerateArray())
            {
                if (block.ValueKind != JsonValueKind.Object || block.TryGetProperty("text", out var text) && text.ValueKind != JsonValueKind.String)
                {
                    return;
                }
            }
        }

        if (!DateOnly.TryParseExact(stamp.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return;
        }

        var key = id is not null && record.RequestId is not null ? $"{id}:{record.RequestId}" : null;
        var shownModel = model is null ? null : speed == "fast" ? model + "-fast" : model;
        _facts.Usage.Add(new UsageEvent(key, day, shownModel, new TokenCounts(input, output, read, creation), record.CostUsd, record.SessionId, record.Cwd ?? SessionCwd(record), at.Value)
        {
            MessageId = id,
        });
    }

    private string? SessionCwd(Record record) => record.SessionId is { } id && _facts.Sessions.TryGetValue(id, out var s) ? s.Cwd : null;

    private List<string> AdditionalDirectories(Record record) =>
        record.SessionId is { } id && _facts.Sessions.TryGetValue(id, out var s) ? [.. s.AdditionalDirectories.Order(StringComparer.Ordinal)] : [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ToolUses(JsonElement message, Record record, DateTimeOffset? at)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var cwd = record.Cwd ?? SessionCwd(record);
        foreach (var block in content.EnumerateArray())
        {
            if (Text(block, "type") != "tool_use" || Text(block, "name") is not { } name)
            {
                continue;
            }

            var id = Text(block, "id");
            if (id is not null)
            {
                _toolNames[id] = name;
            }

            var input = block.TryGetProperty("input", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
            var use = new ToolUseEvent(id, name, record.SessionId, cwd, at) { Line = _line };
            use = name switch
            {
                "Bash" when Text(input, "command") is { } command => use with { Command = CommandClassifier.Classify(command, cwd, AdditionalDirectories(record)) },
                "Read" or "NotebookRead" when (Text(input, "file_path") ?? Text(input, "notebook_path")) is { } file => use with { FilePath = file },
                "Write" or "Edit" or "MultiEdit" or "NotebookEdit" when (Text(input, "file_path") ?? Text(input, "notebook_path")) is { } file => use with { FilePath = file, Writes = true },
                "WebFetch" when Text(input, "url") is { } url => use with { Domains = [CommandClassifier.HostOf(url) ?? "(not a URL)"] },
                "WebSearch" => use with { Domains = Texts(input, "allowed_domains") is { Count: > 0 } allowed ? allowed : ["(any)"] },
                _ when name.StartsWith("mcp__", StringComparison.Ordinal) && name.IndexOf("__", 5, StringComparison.Ordinal) is var split and > 5 =>
                    use with { McpServer = name[5..split], McpTool = name[(split + 2)..] },
                _ => use,
            };
            _facts.ToolUses.Add(use);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void User(JsonElement message, Record record, ReadOnlyMemory<byte> line, DateTimeOffset? at)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("content", out var content))
        {
            return;
        }

        var cwd = record.Cwd ?? SessionCwd(record);
        string? tool = null;
        string? toolUseId = null;
        var results = false;
        (DecisionKind? Kind, string? Authority)? decided = null;
        if (content.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in content.EnumerateArray())
            {
                if (Text(block, "type") != "tool_result")
                {
                    continue;
                }

                results = true;
                toolUseId ??= Text(block, "tool_use_id");
                tool = Text(block, "tool_use_id") is { } useId && _toolNames.TryGetValue(useId, out var n) ? n : tool ?? "(unknown tool)";
                var hasOutput = block.TryGetProperty("content", out var output);
                if (hasOutput)
                {
                    Secrets(output, tool, record);
                }

                if (Text(block, "tool_use_id") is { } resultId)
                {
                    var isError = block.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True;
                    var (decision, authority) = decided ??= Decide(record, line);
                    var notRun = isError && hasOutput && IsNotRunText(OutputText(output));
                    _facts.Results.Add(new ToolResultEvent(resultId, _line, isError, notRun, decision, authority));
                }
            }
        }

        if (!results && !record.IsMeta && content.ValueKind is JsonValueKind.String or JsonValueKind.Array)
        {
            _facts.Prompts.Add(new PromptEvent(record.Uuid, record.SessionId, cwd, at));
        }

        if (results && (decided ?? Decide(record, line)).Kind is { } kind)
        {
            _facts.Decisions.Add(new DecisionEvent(record.Uuid, kind, toolUseId, record.SessionId, cwd, at));
        }
    }

    private static string OutputText(JsonElement output) => output.ValueKind switch
    {
        JsonValueKind.String => output.GetString()!,
        JsonValueKind.Array => string.Concat(output.EnumerateArray().Select(part => Text(part, "text")).OfType<string>()),
        _ => string.Empty,
    };

    private void Secrets(JsonElement output, string tool, Record record)
    {
        if (output.ValueKind == JsonValueKind.String)
        {
            Scan(output.GetString()!, tool, record);
        }
        else if (output.ValueKind == JsonValueKind.Array)
        {
            foreach (var part in output.EnumerateArray())
            {
                if (Text(part, "text") is { } text)
                {
                    Scan(text, tool, record);
                }
            }
        }
    }

    private void Scan(string text, string tool, Record record)
    {
        foreach (var hit in SecretScanner.Scan(text))
        {
            _facts.Secrets.Add(new SecretEvent(record.Uuid, hit.Kind.ToString(), hit.Secret.Display, hit.Secret.Fingerprint, tool, record.SessionId));
        }
    }

    /// <summary>
    /// Who decided: Claude Code 2.1.328 writes <c>source</c> <c>user_temporary</c>/<c>user_permanent</c> when a person
    /// approved, <c>user_reject</c> (with <c>toolDenialKind: user-rejected</c>) when a person said no, <c>hook</c> for hooks,
    /// and <c>config</c> with a <c>reasonType</c> (<c>mode</c>, <c>classifier</c>, rule kinds) for everything settled by settings.
    /// A rejection with <c>reasonType: asyncAgent</c> is an ask with no approval surface (<c>-p</c>, <c>--permission-prompts none</c>,
    /// <c>denyInsteadOfPrompting</c>): nobody was there to answer, so no rule denied it. <c>user_abort</c> is a person
    /// dismissing the prompt without answering.
    /// </summary>
    private static (DecisionKind? Kind, string? Authority) Decide(Record record, ReadOnlyMemory<byte> line)
    {
        string? decision = null, source = null, reasonType = null, reasonCode = null;
        if (record.PermissionDecision.Length > 0)
        {
            using var document = JsonDocument.Parse(line.Slice(record.PermissionDecision.Start, record.PermissionDecision.Length), DocumentOptions);
            decision = Text(document.RootElement, "decision");
            source = Text(document.RootElement, "source");
            reasonType = Text(document.RootElement, "reasonType");
            reasonCode = Text(document.RootElement, "reasonCode");
        }

        var authority = source is null && reasonType is null && record.ToolDenialKind is null ? null
            : string.Join(' ', new[] { source, reasonType, reasonCode, record.ToolDenialKind }.OfType<string>()
                .Distinct(StringComparer.Ordinal));
        return (Classify(decision, source, reasonType, record.ToolDenialKind), authority);
    }

    /// <summary>
    /// Text of an error result that says the call never ran: a person's rejection, a denial, a validation error. Read only
    /// where the record carries no decision (older versions): a decision always wins over what the output says.
    /// </summary>
    private static bool IsNotRunText(ReadOnlySpan<char> text) =>
        text.Contains("want to proceed with this tool use", StringComparison.Ordinal)
        || text.Contains("tool use was rejected", StringComparison.Ordinal)
        || text.Contains("has been denied", StringComparison.Ordinal) || text.Contains("was denied", StringComparison.Ordinal)
        || text.Contains("<tool_use_error>", StringComparison.Ordinal) || text.Contains("was NOT performed", StringComparison.Ordinal);

    private static DecisionKind? Classify(string? decision, string? source, string? reasonType, string? denial)
    {
        if (decision is null && denial is null)
        {
            return null;
        }

        if (denial is "interrupted" or "cancelled" || source == "user_abort")
        {
            return DecisionKind.Interrupted;
        }

        var person = source is "user_temporary" or "user_permanent" or "user_choice";
        var hook = source == "hook" || reasonType == "hook";
        if (decision == "accept" && denial is null)
        {
            return person ? DecisionKind.AllowedByPerson
                : hook ? DecisionKind.AllowedByHook
                : reasonType == "mode" ? DecisionKind.AllowedByMode
                : reasonType == "classifier" ? DecisionKind.AllowedByClassifier
                : DecisionKind.AllowedByRule;
        }

        return source == "user_reject" || denial == "user-rejected" ? DecisionKind.RejectedByPerson
            : hook ? DecisionKind.DeniedByHook
            : reasonType == "asyncAgent" ? DecisionKind.AskedNoApprover
            : DecisionKind.DeniedByRule;
    }

    /// <summary>ccusage's timestamp pattern: <c>YYYY-MM-DDTHH:MM:SS(.mmm)?Z</c>.</summary>
    private static bool IsCcusageTimestamp(string s)
    {
        if (s.Length is not (20 or 24) || s[^1] != 'Z')
        {
            return false;
        }

        const string shape = "dddd-dd-ddTdd:dd:dd";
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 'd' ? !char.IsAsciiDigit(s[i]) : s[i] != shape[i])
            {
                return false;
            }
        }

        return s.Length == 20 || s[19] == '.' && char.IsAsciiDigit(s[20]) && char.IsAsciiDigit(s[21]) && char.IsAsciiDigit(s[22]);
    }

    private static bool Number(JsonElement parent, string name, bool required, out long value)
    {
        value = 0;
        if (!parent.TryGetProperty(name, out var element))
        {
            return !required;
        }

        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        value = element.TryGetInt64(out var n) ? n : (long)element.GetDouble();
        return true;
    }

    private static bool OptionalText(JsonElement parent, string name, out string? value)
    {
        value = null;
        if (!parent.TryGetProperty(name, out var element))
        {
            return true;
        }

        value = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        return value is { Length: > 0 };
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<string> Texts(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!.ToLowerInvariant())]
            : [];

    /// <summary>A range of the line holding one top-level value.</summary>
    private readonly record struct Range(int Start, int Length);

    /// <summary>The top-level fields of one record, read in a single pass; every other value is skipped unread.</summary>
    private partial struct Record
    {
        public string? Type;
        public string? SessionId;
        public string? Timestamp;
        public string? Cwd;
        public string? Version;
        public string? EntryPoint;
        public string? RequestId;
        public string? PermissionMode;
        public string? ToolDenialKind;
        public string? Uuid;
        public string? TrackingPath;

        /// <summary>The first top-level field the known 2.1.328 format does not have, if any.</summary>
        public string? UnknownField;
        public bool IsMeta;
        public double? CostUsd;
        public double? TotalCostUsd;
        public Range Message;
        public Range PermissionDecision;
        public Range Snapshot;
        public Range Attachment;

        /// <summary>False when an optional field ccusage types strictly has the wrong type (its schema then drops the record).</summary>
        public bool CcusageValid;

        public static bool TryRead(ReadOnlyMemory<byte> line, out Record record)
        {
            record = new Record { CcusageValid = true };
            var reader = new Utf8JsonReader(line.Span, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Field(ref reader);
                if (field == Name.Other && record.UnknownField is null && !IsKnownField(ref reader))
                {
                    record.UnknownField = reader.GetString();
                }

                reader.Read();
                switch (field)
                {
                    case Name.Type: record.Type = String(ref reader); break;
                    case Name.SessionId: record.SessionId = StrictString(ref reader, ref record.CcusageValid, nonEmpty: true); break;
                    case Name.Timestamp: record.Timestamp = String(ref reader); break;
                    case Name.Cwd: record.Cwd = StrictString(ref reader, ref record.CcusageValid, nonEmpty: false); break;
                    case Name.Version:
                        record.Version = StrictString(ref reader, ref record.CcusageValid, nonEmpty: false);
                        record.CcusageValid &= record.Version is null || IsVersion(record.Version);
                        break;
                    case Name.EntryPoint: record.EntryPoint = String(ref reader); break;
                    case Name.RequestId: record.RequestId = StrictString(ref reader, ref record.CcusageValid, nonEmpty: true); break;
                    case Name.PermissionMode: record.PermissionMode = String(ref reader); break;
                    case Name.ToolDenialKind: record.ToolDenialKind = String(ref reader); break;
                    case Name.Uuid: record.Uuid = String(ref reader); break;
                    case Name.TrackingPath: record.TrackingPath = String(ref reader); break;
                    case Name.IsMeta: record.IsMeta = reader.TokenType == JsonTokenType.True; break;
                    case Name.IsApiErrorMessage: record.CcusageValid &= reader.TokenType is JsonTokenType.True or JsonTokenType.False; break;
                    case Name.CostUsd:
                        record.CcusageValid &= reader.TokenType == JsonTokenType.Number;
                        record.CostUsd = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                        break;
                    case Name.TotalCostUsd: record.TotalCostUsd = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null; break;
                    case Name.Message: record.Message = Object(ref reader); break;
                    case Name.PermissionDecision: record.PermissionDecision = Object(ref reader); break;
                    case Name.Snapshot: record.Snapshot = Object(ref reader); break;
                    case Name.Attachment: record.Attachment = Object(ref reader); break;
                    default: reader.Skip(); break;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new JsonException("trailing data after the record");
            }

            return true;
        }

        private static Name Field(ref Utf8JsonReader reader) =>
            reader.ValueTextEquals("type"u8) ? Name.Type
            : reader.ValueTextEquals("sessionId"u8) ? Name.SessionId
            : reader.ValueTextEquals("timestamp"u8) ? Name.Timestamp
            : reader.ValueTextEquals("cwd"u8) ? Name.Cwd
            : reader.ValueTextEquals("version"u8) ? Name.Version
            : reader.ValueTextEquals("entrypoint"u8) ? Name.EntryPoint
            : reader.ValueTextEquals("requestId"u8) ? Name.RequestId
            : reader.ValueTextEquals("permissionMode"u8) ? Name.PermissionMode
            : reader.ValueTextEquals("toolDenialKind"u8) ? Name.ToolDenialKind
            : reader.ValueTextEquals("uuid"u8) ? Name.Uuid
            : reader.ValueTextEquals("trackingPath"u8) ? Name.TrackingPath
            : reader.ValueTextEquals("isMeta"u8) ? Name.IsMeta
            : reader.ValueTextEquals("isApiErrorMessage"u8) ? Name.IsApiErrorMessage
            : reader.ValueTextEquals("costUSD"u8) ? Name.CostUsd
            : reader.ValueTextEquals("totalCostUSD"u8) ? Name.TotalCostUsd
            : reader.ValueTextEquals("message"u8) ? Name.Message
            : reader.ValueTextEquals("permissionDecision"u8) ? Name.PermissionDecision
            : reader.ValueTextEquals("snapshot"u8) ? Name.Snapshot
            : reader.ValueTextEquals("attachment"u8) ? Name.Attachment
            : Name.Other;

        private static bool IsKnownField(ref Utf8JsonReader reader)
        {
            foreach (var known in KnownFields)
            {
                if (reader.ValueTextEquals(known))
                {
                    return true;
                }
            }

            return false;
        }

        private static string? String(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString();
            }

            reader.Skip();
            return null;
        }

        private static string? StrictString(ref Utf8JsonReader reader, ref bool valid, bool nonEmpty)
        {
            var value = String(ref reader);
            valid &= value is not null && (!nonEmpty || value.Length > 0);
            return value is { Length: > 0 } ? value : null;
        }

        private static Range Object(ref Utf8JsonReader reader)
        {
            var start = (int)reader.TokenStartIndex;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return default;
            }

            reader.Skip();
            return new Range(start, (int)reader.BytesConsumed - start);
        }

        private static bool IsVersion(string version)
        {
            // ccusage: /^\d+\.\d+\.\d+/
            var parts = version.Split('.', 3);
            return parts.Length == 3 && parts[0].Length > 0 && parts[0].All(char.IsAsciiDigit) && parts[1].Length > 0 && parts[1].All(char.IsAsciiDigit)
                && parts[2].Length > 0 && char.IsAsciiDigit(parts[2][0]);
        }
    }

    private enum Name
    {
        Other,
        Type,
        SessionId,
        Timestamp,
        Cwd,
        Version,
        EntryPoint,
        RequestId,
        PermissionMode,
        ToolDenialKind,
        Uuid,
        TrackingPath,
        IsMeta,
        IsApiErrorMessage,
        CostUsd,
        TotalCostUsd,
        Message,
        PermissionDecision,
        Snapshot,
        Attachment,
    }
}
