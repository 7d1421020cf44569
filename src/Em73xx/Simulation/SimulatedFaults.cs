namespace Drivers.Em73xx.Simulation;

/// <summary>Trouble a <see cref="SimulatedModem"/> can be told to cause, to test what a driver does with a real, imperfect modem.</summary>
public sealed class SimulatedFaults
{
    private readonly SimulatedModem _modem;
    private int _simBusyReplies;
    private int? _sendError;
    private readonly Lock _holdSync = new();
    private string? _holdPrefix;
    private TaskCompletionSource? _held;
    private readonly List<string> _refused = [];

    internal SimulatedFaults(SimulatedModem modem) => _modem = modem;

    /// <summary>A delay before every reply (a slow modem).</summary>
    public TimeSpan ReplyDelay { get; set; }

    /// <summary>Puts an unsolicited code (<c>+CREG: 1</c>) between the lines of every reply.</summary>
    public bool InterleaveUnsolicited { get; set; }

    /// <summary>Writes a line of garbage bytes before every reply.</summary>
    public bool GarbageBeforeReplies { get; set; }

    /// <summary>Stops answering anything (a hung port): every command then times out.</summary>
    public bool Unresponsive { get; set; }

    /// <summary>
    /// Announces a wrong length in PDU-mode listings (<c>+CMGL</c>/<c>+CMGR</c>), longer than the PDU that follows,
    /// as firmware that counts septets instead of octets does.
    /// </summary>
    public bool SeptetCountedLengths { get; set; }

    /// <summary>Makes the next <paramref name="count"/> SIM and SMS commands fail with SIM busy (<c>+CME ERROR: 14</c>/<c>+CMS ERROR: 314</c>).</summary>
    public void SimBusy(int count) => Interlocked.Exchange(ref _simBusyReplies, count);

    /// <summary>Makes the next send fail with <c>+CMS ERROR: <paramref name="code"/></c> (e.g. 330, SMSC address unknown).</summary>
    public void FailNextSend(int code) => _sendError = code;

    /// <summary>
    /// Holds the reply to the next command that starts with <paramref name="commandPrefix"/> (e.g. <c>AT+CMGL</c>) until
    /// <see cref="ReleaseHeldReply"/>, as a modem busy with the network answers late; commands sent meanwhile are answered
    /// after it, in order. <see cref="ReplyHeld"/> is raised when the reply is held.
    /// </summary>
    public void HoldNextReply(string commandPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPrefix);
        lock (_holdSync)
        {
            _holdPrefix = commandPrefix.ToUpperInvariant();
            _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the reply held by <see cref="HoldNextReply"/> go, and every reply queued behind it.</summary>
    public void ReleaseHeldReply()
    {
        lock (_holdSync)
        {
            _holdPrefix = null;
            _held?.TrySetResult();
        }
    }

    /// <summary>Raised with the command whose reply <see cref="HoldNextReply"/> has just held.</summary>
    public event EventHandler<string>? ReplyHeld;

    /// <summary>Answers <c>ERROR</c> from now on to every command that starts with <paramref name="commandPrefix"/> (e.g. <c>AT+CNMI</c>), as firmware that lacks it.</summary>
    public void Refuse(string commandPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(commandPrefix);
        lock (_holdSync)
        {
            _refused.Add(commandPrefix.ToUpperInvariant());
        }
    }

    /// <summary>
    /// Ends the running location request as a modem whose session expired does: its reports stop and no code says so.
    /// A later <c>AT+XLCSLSR</c> starts reporting again.
    /// </summary>
    public void EndGpsSession() => _modem.EndGpsSession();

    /// <summary>Makes the port disappear now, as when the modem is unplugged: every connection ends.</summary>
    public void Disconnect() => _modem.DisconnectAll();

    internal bool TakeSimBusy()
    {
        while (true)
        {
            var left = Volatile.Read(ref _simBusyReplies);
            if (left <= 0)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _simBusyReplies, left - 1, left) == left)
            {
                return true;
            }
        }
    }

    internal Task? TakeHold(string upperCommand)
    {
        lock (_holdSync)
        {
            if (_holdPrefix is null || !upperCommand.StartsWith(_holdPrefix, StringComparison.Ordinal))
            {
                return null;
            }
            _holdPrefix = null;
            return _held!.Task;
        }
    }

    internal bool IsRefused(string upperCommand)
    {
        lock (_holdSync)
        {
            return _refused.Exists(prefix => upperCommand.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    internal void OnReplyHeld(string command) => ReplyHeld?.Invoke(this, command);

    internal int? TakeSendError()
    {
        var code = _sendError;
        _sendError = null;
        return code;
    }
}
