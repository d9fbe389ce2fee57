using System.Threading.Channels;

namespace CcAudit.Core.Monitoring;

/// <summary>Why an export was not stored: the queue is full (retry later) or the store failed.</summary>
public enum IngestOutcome
{
    Stored,
    Busy,
    Failed,
    ShuttingDown,
}

/// <summary>
/// Group commit between the receiver and the store: requests wait in a bounded queue, a writer takes everything
/// queued (up to a batch cap) and stores it in one transaction, then completes each request. A request is acknowledged
/// only after its events are committed, so a shutdown (which drains the queue first) loses nothing acknowledged; a full
/// queue answers <see cref="IngestOutcome.Busy"/> at once (the receiver's 503) instead of growing without bound.
/// There are <see cref="ITelemetryStore.Writers"/> writers: while one commits, the next batch is already being copied.
/// </summary>
public sealed class IngestQueue : IAsyncDisposable
{
    private readonly ITelemetryStore _store;
    private readonly Channel<Pending> _channel;
    private readonly Task[] _writers;
    private readonly int _maxBatchEvents;
    private long _queuedEvents;
    private long _stored;

    /// <param name="store">Where batches are committed.</param>
    /// <param name="maxQueuedEvents">Above this many events waiting, a request is refused (503).</param>
    /// <param name="maxBatchEvents">
    /// The cap of one transaction. Under a steady load a batch holds what arrived during the previous commit, far below
    /// the cap; the cap bounds how long a request that lands behind a backlog waits for the batch in front of it.
    /// </param>
    public IngestQueue(ITelemetryStore store, int maxQueuedEvents = 200_000, int maxBatchEvents = 4_096)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        MaxQueuedEvents = maxQueuedEvents;
        _maxBatchEvents = maxBatchEvents;
        var writers = Math.Max(1, store.Writers);
        _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = writers == 1 });
        _writers = [.. Enumerable.Range(0, writers).Select(_ => Task.Run(WriteLoopAsync))];
    }

    public int MaxQueuedEvents { get; }

    /// <summary>Events committed since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Events waiting for the writer.</summary>
    public long Queued => Interlocked.Read(ref _queuedEvents);

    /// <summary>Queues the events and waits until they are committed (or refused).</summary>
    public Task<IngestOutcome> SubmitAsync(IReadOnlyList<TelemetryEvent> events, long receivedMs)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return Task.FromResult(IngestOutcome.Stored);
        }

        if (Interlocked.Add(ref _queuedEvents, events.Count) > MaxQueuedEvents)
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            return Task.FromResult(IngestOutcome.Busy);
        }

        var pending = new Pending(events, receivedMs, new TaskCompletionSource<IngestOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_channel.Writer.TryWrite(pending))
        {
            Interlocked.Add(ref _queuedEvents, -events.Count);
            return Task.FromResult(IngestOutcome.ShuttingDown);
        }

        return pending.Done.Task;
    }

    /// <summary>Stops taking requests and waits until everything queued is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>();
        var events = new List<TelemetryEvent>();
        while (await _channel.Reader.WaitToReadAsync())
        {
            batch.Clear();
            events.Clear();
            while (events.Count < _maxBatchEvents && _channel.Reader.TryRead(out var next))
            {
                batch.Add(next);
                events.AddRange(next.Events);
            }

            if (batch.Count == 0)
            {
                // Another writer took what woke this one.
                continue;
            }

            var outcome = IngestOutcome.Stored;
            try
            {
                // One receive time per batch is enough for retention; each event keeps its own time.
                await _store.AppendAsync(events, batch[^1].ReceivedMs);
                Interlocked.Add(ref _stored, events.Count);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException or InvalidOperationException or TimeoutException)
            {
                outcome = IngestOutcome.Failed;
                LastError = e.Message;
            }

            Interlocked.Add(ref _queuedEvents, -events.Count);
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult(outcome);
            }
        }
    }

    /// <summary>The last store error, for the server's log.</summary>
    public string? LastError { get; private set; }

    private sealed record Pending(IReadOnlyList<TelemetryEvent> Events, long ReceivedMs, TaskCompletionSource<IngestOutcome> Done);
}
