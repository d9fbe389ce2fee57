using System.Globalization;
using System.Runtime.CompilerServices;
using CcAudit.Core.Common;
using CcAudit.Core.Discovery;

namespace CcAudit.Core.Activity;

/// <summary>
/// The one transcript reader: every <c>projects/**/*.jsonl</c> of the given Claude homes (subagents included), and
/// their <c>history.jsonl</c>, live-session registry and MCP logs, become an
/// <see cref="ActivitySummary"/>. Files are parsed in parallel, one per core; their facts are then merged in ccusage's
/// order (earliest timestamp first) so that first-wins deduplication of usage (message id + request id), of tool calls
/// (tool_use id) and of prompts and decisions (record uuid, repeated when a session is resumed) agrees with it.
/// </summary>
public static class ActivityReader
{
    public static ActivitySummary Read(IEnumerable<ClaudeHome> homes, List<Diagnostic> diagnostics, ActivityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(homes);
        ArgumentNullException.ThrowIfNull(diagnostics);
        options ??= ActivityOptions.All;
        var configDirs = homes.Select(h => h.ConfigDir).Distinct(StringComparer.Ordinal).ToList();
        var files = configDirs.SelectMany(d => LaunchDirectoryCollector.SafeEnumerate(Path.Combine(d, "projects"), "*.jsonl", SearchOption.AllDirectories, diagnostics))
            .Distinct(StringComparer.Ordinal).ToList();
        return ReadFiles(files, diagnostics, options) with
        {
            History = HistoryReader.Read(configDirs.Select(d => Path.Combine(d, "history.jsonl")), options, diagnostics),
            LiveSessions = LiveSessionReader.Read(configDirs, diagnostics),
            McpLogs = McpLogReader.Read(homes.Select(h => h.UserHome).Distinct(StringComparer.Ordinal), options, diagnostics),
        };
    }

    /// <summary>Reads the given transcript files (tests, benchmarks, forensic file sets).</summary>
    public static ActivitySummary ReadFiles(IReadOnlyList<string> files, List<Diagnostic> diagnostics, ActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(diagnostics);
        ArgumentNullException.ThrowIfNull(options);
        var facts = new TranscriptFacts[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) }, i => facts[i] = TranscriptParser.Parse(files[i], options));
        var ordered = facts.OrderBy(f => f.Earliest ?? DateTimeOffset.MaxValue).ThenBy(f => f.Path, StringComparer.Ordinal).ToList();
        foreach (var file in facts)
        {
            diagnostics.AddRange(file.Diagnostics);
        }

        return new Merger(files.Count).Merge(ordered);
    }

    /// <summary>
    /// Folds per-file facts into the summary, single-threaded and in file order. Its loops are AggressiveOptimization:
    /// they run once per process, so tier-0 code would otherwise do all of the work (perf, docs/benchmarks.md).
    /// </summary>
    private sealed class Merger(int transcripts)
    {
        private readonly Dictionary<string, SessionFacts> _sessions = new(StringComparer.Ordinal);
        private readonly Dictionary<DateOnly, DayTotals> _days = [];
        private readonly Dictionary<string, DirectoryTotals> _directories = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Directory, string Week), WeekTotals> _weeks = [];
        private readonly Dictionary<DateOnly, string> _weekNames = [];
        private readonly Dictionary<string, (int Messages, TokenCounts Tokens)> _models = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _tools = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CommandTotals> _commands = new(StringComparer.Ordinal);
        private readonly Dictionary<string, CommandTotals> _commandsByToolUse = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (int Reads, int Writes, bool History)> _files = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Tool, string Domain), int> _domains = [];
        private readonly Dictionary<(string Server, string Tool), int> _mcp = [];
        private readonly Dictionary<string, SecretTotals> _secrets = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (DateTimeOffset At, string Directory)> _firstServer = new(StringComparer.Ordinal);
        private readonly Dictionary<string, (DateTimeOffset At, string Directory)> _firstDomain = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _unknown = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _unknownFields = new(StringComparer.Ordinal);
        private readonly int[] _decisions = new int[Enum.GetValues<DecisionKind>().Length];
        private readonly HashSet<string> _usageKeys = new(StringComparer.Ordinal);
        private readonly HashSet<string> _toolIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _promptIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _decisionIds = new(StringComparer.Ordinal);
        private readonly HashSet<string> _secretRecords = new(StringComparer.Ordinal);
        private readonly HashSet<string> _active = new(StringComparer.Ordinal);
        private readonly List<ToolCallEvidence> _evidence = [];
        private TokenCounts _tokens = TokenCounts.Zero;
        private double _usageCost;
        private int _prompts;
        private int _toolCalls;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public ActivitySummary Merge(IReadOnlyList<TranscriptFacts> files)
        {
            foreach (var file in files)
            {
                foreach (var (id, session) in file.Sessions)
                {
                    if (_sessions.TryGetValue(id, out var known))
                    {
                        known.MergeFrom(session);
                    }
                    else
                    {
                        _sessions[id] = session;
                    }
                }

                foreach (var (type, count) in file.UnknownTypes)
                {
                    _unknown[type] = _unknown.GetValueOrDefault(type) + count;
                }

                foreach (var (field, count) in file.UnknownFields)
                {
                    _unknownFields[field] = _unknownFields.GetValueOrDefault(field) + count;
                }
            }

            foreach (var file in files)
            {
                MergeFile(file);
            }

            return Build();
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void MergeFile(TranscriptFacts file)
        {
            foreach (var usage in file.Usage)
            {
                if (usage.Key is not null && !_usageKeys.Add(usage.Key))
                {
                    continue;
                }

                _tokens = _tokens.Add(usage.Tokens);
                _usageCost += usage.CostUsd ?? 0;
                var day = Day(usage.Day);
                day.Tokens = day.Tokens.Add(usage.Tokens);
                day.UsageCost += usage.CostUsd ?? 0;
                Active(usage.Session, day);
                var directory = Directory(usage.Session, usage.Cwd);
                directory.Tokens = directory.Tokens.Add(usage.Tokens);
                directory.CostUsd += usage.CostUsd ?? 0;
                Week(directory.Name, usage.At).Tokens += usage.Tokens.Total;
                if (usage.Model is { } model)
                {
                    var (messages, tokens) = _models.GetValueOrDefault(model, (0, TokenCounts.Zero));
                    _models[model] = (messages + 1, tokens.Add(usage.Tokens));
                }
            }

            foreach (var prompt in file.Prompts)
            {
                if (prompt.Uuid is not null && !_promptIds.Add(prompt.Uuid))
                {
                    continue;
                }

                _prompts++;
                Directory(prompt.Session, prompt.Cwd).Prompts++;
                if (prompt.At is { } at)
                {
                    var day = Day(DateOnly.FromDateTime(at.UtcDateTime));
                    day.Prompts++;
                    Active(prompt.Session, day);
                }
            }

            List<(ToolUseEvent Use, ToolCallEvidenceKind Kind)>? notable = null;
            foreach (var use in file.ToolUses)
            {
                if (use.Id is not null && !_toolIds.Add(use.Id))
                {
                    continue;
                }

                ToolUse(use);
                if (use.Command is not null || use.FilePath is not null)
                {
                    var categories = use.Command?.Categories ?? [];
                    foreach (var kind in EvidenceClassifier.Kinds(use.Name, categories, use.Command?.Normalised, use.FilePath))
                    {
                        (notable ??= []).Add((use, kind));
                    }
                }
            }

            if (notable is not null)
            {
                Evidence(file, notable);
            }

            foreach (var decision in file.Decisions)
            {
                if (decision.Uuid is not null && !_decisionIds.Add(decision.Uuid))
                {
                    continue;
                }

                _decisions[(int)decision.Kind]++;
                if (decision.Kind is DecisionKind.DeniedByRule or DecisionKind.DeniedByHook or DecisionKind.AskedNoApprover or DecisionKind.RejectedByPerson or DecisionKind.Interrupted
                    && decision.ToolUseId is not null && _commandsByToolUse.TryGetValue(decision.ToolUseId, out var blocked))
                {
                    blocked.Blocked++;
                }
                else if (decision.Kind == DecisionKind.AllowedByPerson && decision.ToolUseId is not null && _commandsByToolUse.TryGetValue(decision.ToolUseId, out var approved))
                {
                    approved.ApprovedByPerson++;
                }

                var directory = Directory(decision.Session, decision.Cwd);
                var week = decision.At is { } at ? Week(directory.Name, at) : null;
                if (decision.Kind == DecisionKind.AllowedByPerson && week is not null)
                {
                    week.Approvals++;
                }
                else if (decision.Kind is DecisionKind.DeniedByRule or DecisionKind.DeniedByHook or DecisionKind.AskedNoApprover or DecisionKind.RejectedByPerson)
                {
                    directory.Denials++;
                    if (week is not null)
                    {
                        week.Denials++;
                    }
                }
            }

            foreach (var secret in file.Secrets)
            {
                // A resumed session repeats the same record: count each tool result once.
                if (secret.Uuid is not null && !_secretRecords.Add($"{secret.Uuid}:{secret.Fingerprint}"))
                {
                    continue;
                }

                if (!_secrets.TryGetValue(secret.Fingerprint, out var known))
                {
                    known = new SecretTotals(secret.Kind, secret.Redacted, secret.Tool);
                    _secrets[secret.Fingerprint] = known;
                }

                known.Count++;
                if (secret.Session is not null)
                {
                    known.Sessions.Add(secret.Session);
                }
            }

            foreach (var touched in file.FileHistory)
            {
                var known = _files.GetValueOrDefault(touched.Path);
                _files[touched.Path] = known with { History = true };
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ToolUse(ToolUseEvent use)
        {
            _toolCalls++;
            _tools[use.Name] = _tools.GetValueOrDefault(use.Name) + 1;
            var directory = Directory(use.Session, use.Cwd);
            directory.ToolCalls++;
            if (use.At is { } at)
            {
                var day = Day(DateOnly.FromDateTime(at.UtcDateTime));
                day.ToolCalls++;
                Active(use.Session, day);
                Week(directory.Name, at).ToolCalls++;
            }

            if (use.Command is { } command)
            {
                if (!_commands.TryGetValue(command.Normalised, out var totals))
                {
                    totals = new CommandTotals(command, directory.Name, use.At);
                    _commands[command.Normalised] = totals;
                }

                totals.Count++;
                if (use.Id is not null)
                {
                    _commandsByToolUse[use.Id] = totals;
                }

                if (use.Session is not null)
                {
                    totals.Sessions.Add(use.Session);
                }

                if (use.At < totals.FirstSeen)
                {
                    totals.FirstSeen = use.At;
                }
            }

            if (use.FilePath is { } path)
            {
                var known = _files.GetValueOrDefault(path);
                _files[path] = use.Writes ? known with { Writes = known.Writes + 1 } : known with { Reads = known.Reads + 1 };
            }

            foreach (var domain in use.Domains)
            {
                _domains[(use.Name, domain)] = _domains.GetValueOrDefault((use.Name, domain)) + 1;
                First(_firstDomain, domain, use.At, directory.Name);
            }

            if (use.McpServer is { } server)
            {
                _mcp[(server, use.McpTool ?? string.Empty)] = _mcp.GetValueOrDefault((server, use.McpTool ?? string.Empty)) + 1;
                First(_firstServer, server, use.At, directory.Name);
            }
        }

        /// <summary>The notable calls of one file with their outcome: the first result for the tool_use id in the file decides.</summary>
        private void Evidence(TranscriptFacts file, List<(ToolUseEvent Use, ToolCallEvidenceKind Kind)> notable)
        {
            var results = new Dictionary<string, ToolResultEvent>(StringComparer.Ordinal);
            foreach (var result in file.Results)
            {
                results.TryAdd(result.ToolUseId, result);
            }

            foreach (var (use, kind) in notable)
            {
                var result = use.Id is not null && results.TryGetValue(use.Id, out var r) ? r : null;
                var directory = Directory(use.Session, use.Cwd).Name;
                _evidence.Add(new ToolCallEvidence(kind, use.Name, use.Command?.Normalised ?? use.FilePath!, use.Session, directory,
                    file.Path, use.Line, result?.Line, Outcome(result), result?.Authority, use.Command?.Categories ?? [], use.At));
            }
        }

        private static ToolCallOutcome Outcome(ToolResultEvent? result) => result switch
        {
            null => ToolCallOutcome.NoResult,
            { Decision: { } decision } => decision.ToString().StartsWith("Allowed", StringComparison.Ordinal)
                ? ToolCallOutcome.Ran : ToolCallOutcome.Blocked,
            { IsError: false } => ToolCallOutcome.Ran,
            { RejectionText: true } => ToolCallOutcome.Blocked,
            _ => ToolCallOutcome.Unconfirmed,
        };

        private static void First(Dictionary<string, (DateTimeOffset At, string Directory)> firsts, string key, DateTimeOffset? at, string directory)
        {
            if (at is { } when && (!firsts.TryGetValue(key, out var known) || when < known.At))
            {
                firsts[key] = (when, directory);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private DayTotals Day(DateOnly date)
        {
            if (!_days.TryGetValue(date, out var day))
            {
                day = new DayTotals();
                _days[date] = day;
            }

            return day;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Active(string? session, DayTotals day)
        {
            if (session is not null)
            {
                day.Sessions.Add(session);
                _active.Add(session);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private DirectoryTotals Directory(string? session, string? cwd)
        {
            // A session belongs to the directory it was launched in, even when a command later cd'ed elsewhere.
            var name = (session is not null && _sessions.TryGetValue(session, out var facts) ? facts.Cwd : null) ?? cwd ?? "(unknown)";
            if (!_directories.TryGetValue(name, out var directory))
            {
                directory = new DirectoryTotals(name);
                _directories[name] = directory;
            }

            return directory;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private WeekTotals Week(string directory, DateTimeOffset at)
        {
            var date = at.UtcDateTime;
            if (!_weekNames.TryGetValue(DateOnly.FromDateTime(date), out var week))
            {
                week = $"{ISOWeek.GetYear(date)}-W{ISOWeek.GetWeekOfYear(date):00}";
                _weekNames[DateOnly.FromDateTime(date)] = week;
            }

            if (!_weeks.TryGetValue((directory, week), out var totals))
            {
                totals = new WeekTotals();
                _weeks[(directory, week)] = totals;
            }

            return totals;
        }

        private ActivitySummary Build()
        {
            var sessions = _sessions.Values.Where(s => _active.Contains(s.Id) || s.First is not null).ToList();
            foreach (var session in sessions)
            {
                var directory = Directory(session.Id, session.Cwd);
                directory.Sessions++;
                directory.Seen(session.First, session.Last);
                directory.AddedDirectories.UnionWith(session.AdditionalDirectories);
                directory.Modes.UnionWith(session.Modes);
                if (session.First is { } first)
                {
                    Week(directory.Name, first).Sessions++;
                }
            }

            // Cost: Claude Code's own cost-state per session where it wrote one (2.1.x), else the costUSD of older usage records.
            var costed = sessions.Where(s => s.CostState is not null).ToList();
            var cost = _usageCost + costed.Sum(s => s.CostState!.Value);
            foreach (var session in costed)
            {
                Directory(session.Id, session.Cwd).CostUsd += session.CostState!.Value;
                if (session.Last is { } last)
                {
                    Day(DateOnly.FromDateTime(last.UtcDateTime)).CostStateCost += session.CostState!.Value;
                }
            }

            var d = _decisions;
            var personPrompts = d[(int)DecisionKind.AllowedByPerson] + d[(int)DecisionKind.RejectedByPerson];

            // A session shorter than a minute still took a person's attention: count at least one minute.
            var hours = sessions.Sum(s => Math.Max((s.Last - s.First)?.TotalHours ?? 0, 1.0 / 60));
            var modes = sessions.SelectMany(s => s.Modes.Select(m => (m, s.Id))).GroupBy(p => p.m, StringComparer.Ordinal)
                .Select(g => new NamedCount(g.Key, g.Select(p => p.Id).Distinct(StringComparer.Ordinal).Count())).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
            var permissions = new PermissionEvidence(
                d[(int)DecisionKind.AllowedByRule], d[(int)DecisionKind.AllowedByMode], d[(int)DecisionKind.AllowedByClassifier], d[(int)DecisionKind.AllowedByHook],
                d[(int)DecisionKind.AllowedByPerson], d[(int)DecisionKind.DeniedByRule], d[(int)DecisionKind.DeniedByHook], d[(int)DecisionKind.AskedNoApprover], d[(int)DecisionKind.RejectedByPerson],
                d[(int)DecisionKind.Interrupted], modes, personPrompts, Math.Round(hours, 3),
                hours > 0 ? Math.Round(personPrompts / hours, 2) : 0,
                personPrompts > 0 ? Math.Round((double)d[(int)DecisionKind.AllowedByPerson] / personPrompts, 3) : 0);

            var baselines = _weeks.OrderBy(w => w.Key.Directory, StringComparer.Ordinal).ThenBy(w => w.Key.Week, StringComparer.Ordinal)
                .Select(w => new WeeklyBaseline(w.Key.Directory, w.Key.Week, w.Value.Sessions, w.Value.ToolCalls, w.Value.Approvals, w.Value.Denials, w.Value.Tokens)).ToList();
            var firstWeek = baselines.Select(b => b.Week).Order(StringComparer.Ordinal).FirstOrDefault();
            var bypass = sessions.Where(s => s.Modes.Contains("bypassPermissions")).ToList();

            return new ActivitySummary(
                transcripts,
                sessions.Count,
                _prompts,
                _toolCalls,
                _tools.OrderBy(t => t.Key, StringComparer.Ordinal).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal),
                d[(int)DecisionKind.DeniedByRule] + d[(int)DecisionKind.DeniedByHook] + d[(int)DecisionKind.AskedNoApprover] + d[(int)DecisionKind.RejectedByPerson],
                bypass.Count,
                _tokens.Input,
                _tokens.Output,
                _tokens.CacheRead,
                _tokens.CacheCreation,
                sessions.Min(s => s.First),
                sessions.Max(s => s.Last))
            {
                CostUsd = Math.Round(cost, 6),
                LaunchDirectories = [.. _directories.Values.Where(x => x.Sessions > 0 || x.ToolCalls > 0 || x.Tokens.Total > 0).OrderBy(x => x.Name, StringComparer.Ordinal)
                    .Select(x => new LaunchDirectoryActivity(x.Name, x.Sessions, x.Prompts, x.ToolCalls, x.Denials, x.Tokens, Math.Round(x.CostUsd, 6), x.First, x.Last)
                    {
                        AddedDirectories = [.. x.AddedDirectories.Order(StringComparer.Ordinal)],
                        Modes = [.. x.Modes.Order(StringComparer.Ordinal)],
                    })],
                Days = [.. _days.OrderBy(x => x.Key).Select(x => new DayActivity(x.Key, x.Value.Sessions.Count, x.Value.Prompts, x.Value.ToolCalls, x.Value.Tokens, Math.Round(x.Value.UsageCost + x.Value.CostStateCost, 6)))],
                EntryPoints = Counts(sessions.Select(s => s.EntryPoint ?? "(unknown)")),
                Versions = Counts(sessions.SelectMany(s => s.Versions)),
                Models = [.. _models.OrderByDescending(m => m.Value.Tokens.Total).ThenBy(m => m.Key, StringComparer.Ordinal).Select(m => new ModelActivity(m.Key, m.Value.Messages, m.Value.Tokens))],
                Commands = [.. _commands.Values.OrderByDescending(c => c.Class.Categories.Count > 0).ThenByDescending(c => c.Count).ThenBy(c => c.Class.Normalised, StringComparer.Ordinal)
                    .Select(c => new CommandActivity(c.Class.Normalised, c.Class.Categories, c.Class.Hosts, c.Count, c.Blocked, c.Sessions.Count, c.Directory, c.FirstSeen)
                    {
                        ApprovedByPerson = c.ApprovedByPerson,
                    })],
                Files = [.. _files.OrderByDescending(f => CommandClassifier.SensitiveKindOf(f.Key) is not null).ThenBy(f => f.Key, StringComparer.Ordinal)
                    .Select(f => new FileTouch(f.Key, f.Value.Reads, f.Value.Writes, f.Value.History, CommandClassifier.SensitiveKindOf(f.Key)))],
                Domains = [.. _domains.OrderByDescending(x => x.Value).ThenBy(x => x.Key.Domain, StringComparer.Ordinal).Select(x => new DomainActivity(x.Key.Tool, x.Key.Domain, x.Value))],
                McpCalls = [.. _mcp.OrderBy(x => x.Key.Server, StringComparer.Ordinal).ThenBy(x => x.Key.Tool, StringComparer.Ordinal).Select(x => new McpToolActivity(x.Key.Server, x.Key.Tool, x.Value))],
                Permissions = permissions,
                SecretsInToolResults = [.. _secrets.OrderBy(x => x.Value.Kind, StringComparer.Ordinal).ThenBy(x => x.Key, StringComparer.Ordinal)
                    .Select(x => new ExposedSecret(x.Value.Kind, x.Value.Redacted, x.Key, x.Value.Tool, x.Value.Count, x.Value.Sessions.Count))],
                Baselines = baselines,
                Anomalies = ActivityBaselines.Anomalies(baselines, _firstServer, _firstDomain, firstWeek, bypass.Select(s => (s.Cwd ?? "(unknown)", s.First))),
                UnknownRecordTypes = [.. _unknown.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new NamedCount(u.Key, u.Value))],
                UnknownFields = [.. _unknownFields.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new NamedCount(u.Key, u.Value))],
                Evidence = [.. _evidence.OrderBy(e => e.Transcript, StringComparer.Ordinal).ThenBy(e => e.Line).ThenBy(e => e.Kind)],
            };
        }

        private static List<NamedCount> Counts(IEnumerable<string> values) =>
            [.. values.GroupBy(v => v, StringComparer.Ordinal).Select(g => new NamedCount(g.Key, g.Count())).OrderByDescending(n => n.Count).ThenBy(n => n.Name, StringComparer.Ordinal)];
    }

    private sealed class DayTotals
    {
        public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);

        public int Prompts { get; set; }

        public int ToolCalls { get; set; }

        public TokenCounts Tokens { get; set; } = TokenCounts.Zero;

        public double UsageCost { get; set; }

        public double CostStateCost { get; set; }
    }

    private sealed class DirectoryTotals(string name)
    {
        public string Name { get; } = name;

        public HashSet<string> AddedDirectories { get; } = new(StringComparer.Ordinal);

        public HashSet<string> Modes { get; } = new(StringComparer.Ordinal);

        public int Sessions { get; set; }

        public int Prompts { get; set; }

        public int ToolCalls { get; set; }

        public int Denials { get; set; }

        public TokenCounts Tokens { get; set; } = TokenCounts.Zero;

        public double CostUsd { get; set; }

        public DateTimeOffset? First { get; private set; }

        public DateTimeOffset? Last { get; private set; }

        public void Seen(DateTimeOffset? first, DateTimeOffset? last)
        {
            First = first is not null && (First is null || first < First) ? first : First;
            Last = last is not null && (Last is null || last > Last) ? last : Last;
        }
    }

    private sealed class WeekTotals
    {
        public int Sessions { get; set; }

        public int ToolCalls { get; set; }

        public int Approvals { get; set; }

        public int Denials { get; set; }

        public long Tokens { get; set; }
    }

    private sealed class CommandTotals(CommandClass command, string directory, DateTimeOffset? firstSeen)
    {
        public CommandClass Class { get; } = command;

        public string Directory { get; } = directory;

        public DateTimeOffset? FirstSeen { get; set; } = firstSeen;

        public int Count { get; set; }

        public int Blocked { get; set; }

        public int ApprovedByPerson { get; set; }

        public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);
    }

    private sealed class SecretTotals(string kind, string redacted, string tool)
    {
        public string Kind { get; } = kind;

        public string Redacted { get; } = redacted;

        public string Tool { get; } = tool;

        public int Count { get; set; }

        public HashSet<string> Sessions { get; } = new(StringComparer.Ordinal);
    }
}
