using System.Text;
using System.Threading.Channels;
using Drivers.Em73xx.Protocol;
using Microsoft.Extensions.Logging;
using static Drivers.Em73xx.Log;

namespace Drivers.Em73xx.Transport;

/// <summary>
/// The AT dialogue over a byte stream: one reader loop owns the stream and pairs the frames <see cref="AtFramer"/> cuts
/// from it with the command in flight or hands them to subscribers; one command at a time, each with its own timeout.
/// </summary>
internal sealed class AtChannel : IAsyncDisposable
{
    private const byte CtrlZ = 0x1A;
    private const byte Escape = 0x1B;

    // After a timeout, how long a late final result is still matched to its command rather than to the next one.
    private static readonly TimeSpan LateReplyGrace = TimeSpan.FromSeconds(1);

    // The probe sent before the next command once a reply is overdue (TS 27.007 9.1, read command): its information line
    // "+CMEE: <n>" is part of no other reply the driver asks for, so it marks where stale replies end. A modem answers
    // commands in order (V.250 5.2), so everything before the marker belongs to commands given up on.
    private const string ProbeCommand = "AT+CMEE?";
    private const string ProbeMarker = "+CMEE:";

    private readonly Stream _stream;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _sync = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly AtFramer _framer = new();
    private readonly int _streamCapacity;
    private readonly Action<string>? _unclaimed;
    private Task _reader = Task.CompletedTask;
    private Pending? _pending;
    private Exception? _closed;
    private long _garbageLines;
    private long _droppedCodes;
    private bool _resynchronize; // a reply is overdue: probe before the next command (read and written under the gate)
    private int _unansweredProbes; // probes in a row that got no marker (under the gate)

    /// <param name="stream">The port; the channel owns it.</param>
    /// <param name="time">The clock for timeouts.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="streamCapacity">How many unsolicited codes each subscriber's queue holds before the oldest is dropped.</param>
    /// <param name="unclaimed">
    /// Called with each unsolicited code that no subscription claims (see <see cref="Subscribe"/>): when it arrives, or
    /// when the subscription that claimed it is disposed without having read it.
    /// </param>
    public AtChannel(Stream stream, TimeProvider time, ILogger logger, int streamCapacity = 256, Action<string>? unclaimed = null)
    {
        _stream = stream;
        _streamCapacity = streamCapacity;
        _unclaimed = unclaimed;
        _time = time;
        _logger = logger;
    }

    /// <summary>Lines that could not be modem output (control bytes, overlong) and were skipped.</summary>
    public long GarbageLines => Interlocked.Read(ref _garbageLines);

    /// <summary>Unsolicited codes dropped, oldest first, from the queue of a subscriber that fell behind.</summary>
    public long DroppedCodes => Interlocked.Read(ref _droppedCodes);

    /// <summary>True once the stream has ended or failed.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_sync)
            {
                return _closed is not null;
            }
        }
    }

    /// <summary>Starts the reader loop.</summary>
    public void Start() => _reader = Task.Run(ReadLoopAsync);

    /// <summary>Sends <paramref name="command"/> and returns its information lines once it ends with <c>OK</c>.</summary>
    /// <param name="command">The command, e.g. <c>AT+CPIN?</c>, without terminator.</param>
    /// <param name="timeout">How long the modem may take.</param>
    /// <param name="cancellationToken">Cancels the wait (the modem may still run the command).</param>
    /// <param name="logName">How the command appears in logs and errors (hides a PIN).</param>
    /// <param name="payload">Text to send after the <c>&gt; </c> prompt, ended with Ctrl-Z (<c>AT+CMGS</c>).</param>
    /// <param name="beforeWrite">
    /// Runs once the command holds the lock, just before it is written, atomically with the reader loop's handing out of
    /// unsolicited codes: a subscription made there gets exactly the codes that come after the command goes out.
    /// </param>
    public async Task<IReadOnlyList<string>> ExecuteAsync(
        string command, TimeSpan timeout, CancellationToken cancellationToken, string? logName = null, string? payload = null,
        Action? beforeWrite = null)
    {
        if (ForbiddenCommands.IsForbidden(command))
        {
            throw new ArgumentException($"{command} is known to hang or brick the EM7345 and is never sent.", nameof(command));
        }
        logName ??= command;
        lock (_sync)
        {
            if (_closed is not null)
            {
                throw Disconnected(_closed);
            }
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var pending = new Pending(command, logName, payload is not null);
        var written = false;
        TimeSpan? owed = null; // how long to wait for the final result of a command given up on
        try
        {
            if (_resynchronize)
            {
                await ResynchronizeAsync(logName, timeout, cancellationToken).ConfigureAwait(false);
            }
            lock (_sync)
            {
                if (_closed is not null)
                {
                    throw Disconnected(_closed);
                }
                _pending = pending;
                beforeWrite?.Invoke(); // System.Threading.Lock is reentrant: it may subscribe
            }
            using var deadline = new CancellationTokenSource(timeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
            var started = _time.GetTimestamp();
            try
            {
                LogSending(_logger, logName);
                await WriteAsync(Encoding.Latin1.GetBytes(command + "\r"), linked.Token).ConfigureAwait(false);
                written = true;
                if (payload is not null)
                {
                    // An error before the prompt (+CMS ERROR: 314, SIM busy) ends the command at once: no prompt follows it.
                    var first = await Task.WhenAny(pending.Prompt.Task, pending.Done.Task).WaitAsync(linked.Token).ConfigureAwait(false);
                    if (first == pending.Done.Task)
                    {
                        pending.PayloadSent = true; // nothing is owed: the final result has come
                        return await pending.Done.Task.ConfigureAwait(false);
                    }
                    var bytes = new byte[Encoding.Latin1.GetByteCount(payload) + 1];
                    Encoding.Latin1.GetBytes(payload, bytes);
                    bytes[^1] = CtrlZ;
                    await WriteAsync(bytes, linked.Token).ConfigureAwait(false);
                    pending.PayloadSent = true;
                }
                var lines = await pending.Done.Task.WaitAsync(linked.Token).ConfigureAwait(false);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var elapsed = _time.GetElapsedTime(started);
                    LogDone(_logger, logName, elapsed.TotalMilliseconds);
                }
                return lines;
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                var escaped = pending.ExpectsPrompt && !pending.PayloadSent;
                if (escaped)
                {
                    // TS 27.005 3.5.1: ESC aborts a message at the prompt, so nothing half-typed is sent later.
                    await TryWriteAsync([Escape]).ConfigureAwait(false);
                }
                var timedOut = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
                if (written)
                {
                    // A canceled command may still be answered within its time; a timed-out or aborted one only late.
                    owed = timedOut || escaped ? LateReplyGrace : timeout - _time.GetElapsedTime(started);
                }
                if (timedOut)
                {
                    LogTimedOut(_logger, logName, timeout.TotalMilliseconds);
                    throw new ModemTimeoutException(logName, timeout);
                }
                throw;
            }
        }
        finally
        {
            if (owed is { } wait)
            {
                _ = SettleAsync(pending, wait);
            }
            else
            {
                Detach(pending);
                _gate.Release();
            }
        }
    }

    // A reply came too late for its command, or never: whatever of it is still to come must not end the next command.
    // The probe's marker shows where stale output ends; a probe answered late itself is recognized by the same marker.
    private async Task ResynchronizeAsync(string logName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var probe = new Pending(ProbeCommand, ProbeCommand, expectsPrompt: false) { AwaitsMarker = true };
        lock (_sync)
        {
            if (_closed is not null)
            {
                throw Disconnected(_closed);
            }
            _pending = probe;
        }
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            LogResynchronizing(_logger);
            await WriteAsync(Encoding.Latin1.GetBytes(ProbeCommand + "\r"), linked.Token).ConfigureAwait(false);
            await probe.Done.Task.WaitAsync(linked.Token).ConfigureAwait(false);
            (_resynchronize, _unansweredProbes) = (false, 0);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogTimedOut(_logger, ProbeCommand, timeout.TotalMilliseconds);
            // A firmware that answers the probe with ERROR never sends the marker: after two probes in a row, each a whole
            // timeout in which anything owed has had time to arrive and be dropped, go on without probing.
            if (++_unansweredProbes >= 2)
            {
                (_resynchronize, _unansweredProbes) = (false, 0);
                LogProbeAbandoned(_logger);
            }
            throw new ModemTimeoutException(ProbeCommand, timeout);
        }
        catch (ModemErrorException)
        {
            // An error after the marker still ends the probe: the dialogue is in step again.
            _resynchronize = false;
        }
        finally
        {
            Detach(probe);
        }
    }

    /// <summary>Subscribes to unsolicited codes from now on; dispose the subscription to stop.</summary>
    /// <param name="claims">The codes this subscription answers for (a USSD exchange, its +CUSD): others are unclaimed.</param>
    public Subscription Subscribe(Func<string, bool>? claims = null)
    {
        var subscription = new Subscription(this, claims);
        lock (_sync)
        {
            if (_closed is not null)
            {
                subscription.Complete(Disconnected(_closed));
            }
            else
            {
                _subscribers.Add(subscription);
            }
        }
        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_sync)
        {
            _closed ??= new ObjectDisposedException(nameof(AtChannel));
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation on dispose.
        }
        _stop.Dispose();
        _gate.Dispose();
    }

    private static ModemDisconnectedException Disconnected(Exception cause) =>
        cause as ModemDisconnectedException
        ?? new ModemDisconnectedException("The modem's port is closed; open it again (after a reboot, once it reappears).", cause);

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            throw Disconnected(e);
        }
    }

    private async Task TryWriteAsync(byte[] bytes)
    {
        try
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
            await WriteAsync(bytes, cancel.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModemException or OperationCanceledException)
        {
            // Best effort: the port may be gone already.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        Exception cause = new ModemDisconnectedException("The modem's port closed (end of stream); open it again once it reappears.");
        try
        {
            while (true)
            {
                var count = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (count == 0)
                {
                    break;
                }
                Process(buffer.AsSpan(0, count));
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            cause = new ModemDisconnectedException("The modem was closed.");
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException or UnauthorizedAccessException)
        {
            cause = new ModemDisconnectedException($"The modem's port failed ({e.Message}); open it again once it reappears.", e);
        }
        Close(cause);
    }

    private void Close(Exception cause)
    {
        Pending? pending;
        Subscription[] subscribers;
        Exception closed;
        lock (_sync)
        {
            closed = _closed ??= cause;
            pending = _pending;
            subscribers = [.. _subscribers];
            _subscribers.Clear();
        }
        LogClosed(_logger, cause.Message);
        pending?.Done.TrySetException(Disconnected(cause));
        pending?.Prompt.TrySetException(Disconnected(cause));
        // A stream ends normally only when its caller ends it: one whose port vanished fails, so the caller sees why.
        foreach (var subscriber in subscribers)
        {
            subscriber.Complete(Disconnected(closed));
        }
    }

    /// <summary>Feeds bytes from the modem through the framer and pairs each frame with the command in flight.</summary>
    internal void Process(ReadOnlySpan<byte> bytes)
    {
        while (_framer.TryRead(ref bytes, InFlight(out var pending), out var frame))
        {
            Handle(frame, pending);
        }
    }

    private AtCommandInFlight? InFlight(out Pending? pending)
    {
        lock (_sync)
        {
            pending = _pending;
        }
        return pending is null ? null : new AtCommandInFlight(pending.Command, pending.ExpectsPrompt, pending.Lines.Count > 0);
    }

    private void Handle(AtFrame frame, Pending? pending)
    {
        if (pending is not null && IsStale(frame, pending))
        {
            LogStray(_logger, frame.Text.Length);
            return;
        }
        switch (frame.Kind)
        {
            case AtFrameKind.Echo:
                return;
            case AtFrameKind.Prompt:
                pending?.Prompt.TrySetResult();
                return;
            case AtFrameKind.Garbage:
                Interlocked.Increment(ref _garbageLines);
                LogGarbage(_logger, frame.Text);
                return;
            case AtFrameKind.Unsolicited:
                Publish(frame.Text);
                return;
            case AtFrameKind.Information when pending is null:
                // Nothing in flight: a code we do not know, or a late reply to a command that timed out.
                LogStray(_logger, frame.Text.Length);
                Publish(frame.Text);
                return;
            case AtFrameKind.Information or AtFrameKind.Body:
                pending?.Lines.Add(frame.Text);
                return;
            case AtFrameKind.FinalResult when pending is null:
                LogStray(_logger, frame.Text.Length);
                return;
            case AtFrameKind.FinalResult when frame.Result == AtLineKind.Ok:
                pending!.Done.TrySetResult(pending.Lines);
                Detach(pending);
                return;
            default:
                var errorKind = frame.Result switch
                {
                    AtLineKind.CmeError => ModemErrorKind.Cme,
                    AtLineKind.CmsError => ModemErrorKind.Cms,
                    _ => ModemErrorKind.Plain,
                };
                pending!.Done.TrySetException(new ModemErrorException(pending.LogName, errorKind, errorKind == ModemErrorKind.Plain ? -1 : frame.Code));
                Detach(pending);
                return;
        }
    }

    // Output before a probe's marker belongs to commands given up on; a probe's own late answer (its marker and final
    // result) arriving during a later command is not that command's. The marker itself is consumed here.
    private static bool IsStale(AtFrame frame, Pending pending)
    {
        var marker = frame.Kind is AtFrameKind.Information or AtFrameKind.Unsolicited
            && frame.Text.AsSpan().TrimStart(' ').StartsWith(ProbeMarker, StringComparison.Ordinal);
        if (pending.AwaitsMarker)
        {
            if (marker)
            {
                pending.AwaitsMarker = false;
            }
            return frame.Kind is not (AtFrameKind.Unsolicited or AtFrameKind.Garbage) || marker;
        }
        if (marker && pending.Command != ProbeCommand)
        {
            pending.SkipsFinal = true; // a late probe's answer: its final result follows
            return true;
        }
        if (pending.SkipsFinal && frame.Kind == AtFrameKind.FinalResult)
        {
            pending.SkipsFinal = false;
            return true;
        }
        return false;
    }

    // The modem still owes the final result of a command given up on. Until it arrives (or the wait ends) the
    // command stays current, so its reply is not taken for the next command's, and the next command is not sent.
    private async Task SettleAsync(Pending pending, TimeSpan wait)
    {
        try
        {
            await pending.Done.Task.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time).ConfigureAwait(false);
        }
        catch (ModemException)
        {
            // Its result was an error: nobody is waiting for it any more.
        }
        catch (TimeoutException)
        {
            // No final result yet: it may still come, so the next command first resynchronizes.
            _resynchronize = true;
        }
        finally
        {
            Detach(pending);
            try
            {
                _gate.Release();
            }
            catch (ObjectDisposedException)
            {
                // The channel was closed meanwhile.
            }
        }
    }

    private void Detach(Pending pending)
    {
        lock (_sync)
        {
            if (_pending == pending)
            {
                _pending = null;
            }
        }
    }

    private void Publish(string line)
    {
        LogUnsolicited(_logger, line.Length > 24 ? line[..24] : line);
        var claimed = false;
        lock (_sync)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Write(line);
                claimed |= subscriber.Claims(line);
            }
        }
        if (!claimed)
        {
            _unclaimed?.Invoke(line);
        }
    }

    private void Unsubscribe(Subscription subscription)
    {
        List<string> unread = [];
        lock (_sync)
        {
            _subscribers.Remove(subscription);
            subscription.Complete();
            while (subscription.Reader.TryRead(out var line))
            {
                if (subscription.Claims(line))
                {
                    unread.Add(line);
                }
            }
        }
        foreach (var line in unread)
        {
            _unclaimed?.Invoke(line);
        }
    }

    /// <summary>
    /// A registration for unsolicited codes with its own bounded queue. The reader loop never waits for it: when the
    /// queue is full the oldest code is dropped, counted and logged once per burst, and newer codes keep coming.
    /// </summary>
    internal sealed class Subscription : IDisposable
    {
        private readonly AtChannel _owner;
        private readonly Channel<string> _channel;
        private readonly Func<string, bool>? _claims;
        private bool _dropping; // in a burst of drops: logged once, at its start

        public Subscription(AtChannel owner, Func<string, bool>? claims = null)
        {
            _owner = owner;
            _claims = claims;
            _channel = Channel.CreateBounded<string>(
                new BoundedChannelOptions(owner._streamCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                Dropped);
        }

        public ChannelReader<string> Reader => _channel.Reader;

        public void Dispose() => _owner.Unsubscribe(this);

        /// <summary>True for a code this subscription answers for.</summary>
        internal bool Claims(string line) => _claims?.Invoke(line) == true;

        /// <summary>Queues <paramref name="line"/>; called by the reader loop only, under the owner's lock.</summary>
        internal void Write(string line)
        {
            if (_channel.Reader.Count < _owner._streamCapacity)
            {
                _dropping = false; // the consumer caught up: the next drop starts a new burst
            }
            _channel.Writer.TryWrite(line);
        }

        internal void Complete(Exception? error = null) => _channel.Writer.TryComplete(error);

        private void Dropped(string line)
        {
            Interlocked.Increment(ref _owner._droppedCodes);
            if (!_dropping)
            {
                _dropping = true;
                LogStreamFull(_owner._logger, _owner._streamCapacity);
            }
        }
    }

    private sealed class Pending(string command, string logName, bool expectsPrompt)
    {
        public string Command { get; } = command;
        public string LogName { get; } = logName;
        public bool ExpectsPrompt { get; } = expectsPrompt;
        public bool PayloadSent { get; set; }

        /// <summary>A probe: everything up to its marker is stale output (read and written by the reader loop only).</summary>
        public bool AwaitsMarker { get; set; }

        /// <summary>A late probe's marker came: the next final result is the probe's (reader loop only).</summary>
        public bool SkipsFinal { get; set; }
        public List<string> Lines { get; } = [];
        public TaskCompletionSource Prompt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource<IReadOnlyList<string>> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
