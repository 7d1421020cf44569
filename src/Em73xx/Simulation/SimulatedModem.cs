using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Simulation;

/// <summary>
/// A simulated EM7345 that speaks the AT dialogue from the device side over any <see cref="Stream"/>: SIM with PIN/PUK
/// and retry counters, SMS store, operator and signal, <c>+CMTI</c> for delivered messages, GPS position reports,
/// reboot, and faults on demand (<see cref="Faults"/>). Use <see cref="OpenStream"/> for an in-memory port.
/// </summary>
public sealed partial class SimulatedModem : IAsyncDisposable
{
    private const int Capacity = 30;
    private const int MaxPinAttempts = 3;
    private const int MaxPukAttempts = 10;

    private readonly SimulatedModemOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _sync = new();
    private readonly SortedDictionary<int, Stored> _store = [];
    private readonly SortedDictionary<int, Stored> _phoneStore = [];
    private string _selectedStorage = "SM";
    private readonly List<Connection> _connections = [];
    private readonly List<string> _commands = [];
    private readonly List<(string Number, string Text)> _sent = [];
    private readonly List<SmsPdu> _sentParts = [];
    private readonly CancellationTokenSource _stop = new();
    private string _pin;
    private bool _pinLocked;
    private bool _pukLocked;
    private int _pinAttempts = MaxPinAttempts;
    private int _pukAttempts = MaxPukAttempts;
    private bool _radioOn = true;
    private bool _newMessageIndications;
    private int _messageReference;
    private int _concatenationReference;
    private int _requestId = 1;
    private CancellationTokenSource? _gps;
    private bool _hung;

    /// <summary>Creates a powered-on modem with an empty SIM store.</summary>
    public SimulatedModem(SimulatedModemOptions? options = null)
    {
        _options = options ?? new SimulatedModemOptions();
        _time = _options.TimeProvider;
        _pin = _options.Pin;
        _pinLocked = _options.PinLocked;
        Faults = new SimulatedFaults(this);
    }

    /// <summary>Trouble to cause on demand: slow replies, interleaved codes, garbage, SIM busy, send errors, a vanishing port.</summary>
    public SimulatedFaults Faults { get; }

    /// <summary>
    /// Raised with the command line after each command has been handled (its effect made, its reply written), on the
    /// connection's reading thread: a test can wait for a command instead of polling <see cref="ReceivedCommands"/>.
    /// </summary>
    public event EventHandler<string>? CommandHandled;

    /// <summary>Every command received, in order (a PIN shows as sent: this is a test double).</summary>
    public IReadOnlyList<string> ReceivedCommands
    {
        get
        {
            lock (_sync)
            {
                return [.. _commands];
            }
        }
    }

    /// <summary>Messages sent through the modem (<c>AT+CMGS</c>), as number and text; a long message once all its parts were sent.</summary>
    public IReadOnlyList<(string Number, string Text)> SentMessages
    {
        get
        {
            lock (_sync)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>The SIM store now, without changing any status.</summary>
    public IReadOnlyList<SmsMessage> StoredMessages
    {
        get
        {
            lock (_sync)
            {
                return [.. _store.Select(p => new SmsMessage(p.Key, p.Value.Status, p.Value.Address, p.Value.Timestamp, p.Value.Text))];
            }
        }
    }

    /// <summary>PIN attempts left before the SIM asks for its PUK.</summary>
    public int PinAttemptsLeft
    {
        get
        {
            lock (_sync)
            {
                return _pinAttempts;
            }
        }
    }

    /// <summary>True while a location request runs (between <c>AT+XLCSLSR</c> and <c>AT+XLSRSTOP</c>).</summary>
    public bool GpsSessionActive
    {
        get
        {
            lock (_sync)
            {
                return _gps is not null;
            }
        }
    }

    /// <summary>
    /// Opens an in-memory port: returns the host's end, served until either side closes it. Pass it to
    /// <see cref="Modem.OpenAsync(Stream, ModemOptions?, CancellationToken)"/>.
    /// </summary>
    public Stream OpenStream()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        _ = ServeAsync(device, _stop.Token);
        return host;
    }

    /// <summary>
    /// Exposes the modem on a new Linux pseudo-terminal: a real serial port at <see cref="SimulatedModemTerminal.Path"/>
    /// until the terminal is disposed.
    /// </summary>
    [SupportedOSPlatform("linux")]
    public SimulatedModemTerminal OpenPseudoTerminal() => new(this, _options.RebootDuration);

    /// <summary>Serves the AT dialogue over <paramref name="stream"/> (the device's end) until it closes, the port is disconnected or the token is canceled.</summary>
    public async Task ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        using var connection = new Connection(stream, linked);
        lock (_sync)
        {
            _connections.Add(connection);
        }
        try
        {
            await ReadCommandsAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The port went away: that ends this connection, nothing more.
        }
        finally
        {
            lock (_sync)
            {
                _connections.Remove(connection);
            }
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts a message in the SIM store as if it had already been there (no <c>+CMTI</c>); returns the index of its first
    /// part. A text longer than one SMS is stored in parts (TS 23.040 9.2.3.24.1), each in its own slot.
    /// </summary>
    public int StoreMessage(SmsStatus status, string address, string text, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(text);
        return Store(status, address, text, timestamp, null)[0];
    }

    /// <summary>
    /// Delivers an incoming message from the network: stores it unread and announces it (<c>+CMTI: "SM",index</c>), part by
    /// part; or, when <c>AT+CNMI</c> asked for messages routed directly (<c>&lt;mt&gt;</c> 2 or 3), sends each part to the
    /// host (<c>+CMT: ,&lt;length&gt;</c> then the PDU) and stores nothing.
    /// </summary>
    /// <returns>The index of its first part; -1 when it was routed directly.</returns>
    public int DeliverMessage(string sender, string text, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(text);
        return RouteDirectly(sender, text, Received(timestamp), null) ? -1
            : Announce(Store(SmsStatus.Unread, sender, text, Received(timestamp), null, _options.IncomingStorage))[0];
    }

    /// <summary>
    /// Delivers only some parts of a long message, in the order given (1-based sequence numbers), as a network does
    /// when parts arrive out of order or late; each is stored unread and announced, or routed directly as
    /// <see cref="DeliverMessage"/> says.
    /// </summary>
    /// <returns>The index of each part delivered, in the order given; empty when they were routed directly.</returns>
    public IReadOnlyList<int> DeliverParts(string sender, string text, IReadOnlyList<int> sequences, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sequences);
        return RouteDirectly(sender, text, Received(timestamp), sequences) ? []
            : Announce(Store(SmsStatus.Unread, sender, text, Received(timestamp), sequences, _options.IncomingStorage));
    }

    // The storage AT+CPMS selected for reading, listing and deleting (TS 27.005 3.2.2): the SIM's (SM) or the modem's (ME).
    private SortedDictionary<int, Stored> Selected => _selectedStorage switch
    {
        "ME" => _phoneStore,
        "SR" => _reportStore,
        _ => _store,
    };

    private DateTimeOffset Received(DateTimeOffset? timestamp)
    {
        var sent = timestamp ?? _time.GetUtcNow().ToOffset(_options.ZoneOffset);
        return new DateTimeOffset(sent.DateTime.AddTicks(-(sent.Ticks % TimeSpan.TicksPerSecond)), sent.Offset);
    }

    private IReadOnlyList<int> Announce(IReadOnlyList<int> indexes)
    {
        bool announce;
        lock (_sync)
        {
            announce = _newMessageIndications;
        }
        if (announce)
        {
            foreach (var index in indexes)
            {
                Broadcast(string.Create(CultureInfo.InvariantCulture, $"+CMTI: \"{_options.IncomingStorage}\",{index}"));
            }
        }
        return indexes;
    }

    private List<int> Store(SmsStatus status, string address, string text, DateTimeOffset? timestamp, IReadOnlyList<int>? sequences, string storage = "SM")
    {
        lock (_sync)
        {
            var store = storage == "ME" ? _phoneStore : _store;
            var reference = (byte)(++_concatenationReference);
            var received = status is SmsStatus.Unread or SmsStatus.Read;
            var pdus = received
                ? SimulatedPdus.Deliver(address, text, timestamp ?? Received(null), reference)
                : SimulatedPdus.Submit(address, text, reference);
            var wanted = sequences ?? [.. Enumerable.Range(1, pdus.Count)];
            if (wanted.Any(s => s < 1 || s > pdus.Count))
            {
                throw new ArgumentOutOfRangeException(nameof(sequences), $"The text makes {pdus.Count} part(s).");
            }
            var free = Enumerable.Range(1, Capacity).Where(i => !store.ContainsKey(i)).Take(wanted.Count).ToList();
            if (free.Count < wanted.Count)
            {
                throw new InvalidOperationException("The simulated SIM store is full.");
            }
            for (var k = 0; k < wanted.Count; k++)
            {
                var pdu = pdus[wanted[k] - 1];
                var partText = PduDecoder.TryDecode(pdu, out var decoded, out _) ? decoded.Text : text;
                store[free[k]] = new Stored(status, address, received ? timestamp : null, partText, pdu);
            }
            return free;
        }
    }

    /// <summary>Stops serving every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        DisconnectAll();
        lock (_sync)
        {
            _gps?.Cancel();
            _gps = null;
        }
    }

    internal void DisconnectAll()
    {
        Connection[] connections;
        lock (_sync)
        {
            connections = [.. _connections];
        }
        foreach (var connection in connections)
        {
            connection.Close();
        }
    }

    private async Task ReadCommandsAsync(Connection connection)
    {
        var buffer = new byte[1024];
        var command = new StringBuilder();
        StringBuilder? text = null;
        string? number = null;
        while (true)
        {
            var count = await connection.Stream.ReadAsync(buffer, connection.Token).ConfigureAwait(false);
            if (count == 0)
            {
                return;
            }
            for (var i = 0; i < count; i++)
            {
                var c = (char)buffer[i];
                if (text is not null)
                {
                    // TS 27.005 3.5.1: Ctrl-Z sends, ESC aborts, anything else is text.
                    if (c == '\x1A')
                    {
                        await SendAsync(connection, number!, text.ToString()).ConfigureAwait(false);
                        text = null;
                    }
                    else if (c == '\x1B')
                    {
                        text = null;
                        await ReplyAsync(connection, ["OK"]).ConfigureAwait(false);
                    }
                    else
                    {
                        text.Append(c);
                    }
                    continue;
                }
                if (c == '\n')
                {
                    continue;
                }
                if (c != '\r')
                {
                    if (command.Length < 1024)
                    {
                        command.Append(c);
                    }
                    continue;
                }
                var line = command.ToString().Trim();
                command.Clear();
                if (line.Length == 0)
                {
                    continue;
                }
                if (connection.Echo)
                {
                    await connection.WriteAsync(line + "\r").ConfigureAwait(false);
                }
                var recipient = await HandleAsync(connection, line).ConfigureAwait(false);
                CommandHandled?.Invoke(this, line);
                if (recipient is not null)
                {
                    number = recipient;
                    text = new StringBuilder();
                }
            }
        }
    }

    private void Broadcast(string line)
    {
        Connection[] connections;
        lock (_sync)
        {
            connections = [.. _connections];
        }
        foreach (var connection in connections)
        {
            _ = connection.TryWriteAsync("\r\n" + line + "\r\n");
        }
    }

    private async Task SendAsync(Connection connection, string number, string text)
    {
        var error = Faults.TakeSendError();
        if (error is { } code)
        {
            await ReplyAsync(connection, [Invariant($"+CMS ERROR: {code}")]).ConfigureAwait(false);
            return;
        }
        string? reportOn = null; // the SUBMIT of a part sent with TP-SRR set
        if (!connection.TextMode)
        {
            // TS 27.005 3.5.1 PDU mode: <length> octets of TPDU after the SMSC field, in hex.
            var hex = text.Trim();
            if (!AtFields.TryParseInt(number, out var length) || !PduDecoder.TryDecode(hex, length, out var pdu, out _)
                || pdu.Type != PduType.Submit)
            {
                await ReplyAsync(connection, [Cms(304)]).ConfigureAwait(false); // invalid PDU mode parameter
                return;
            }
            reportOn = pdu.StatusReportFlag ? hex : null;
            lock (_sync)
            {
                _sentParts.Add(pdu);
                var whole = PduReassembler.Reassemble(_sentParts).FirstOrDefault(m => m.IsComplete);
                if (whole is not null)
                {
                    _sent.Add((whole.Address.Value, whole.Text));
                    foreach (var part in whole.Parts)
                    {
                        _sentParts.Remove(part);
                    }
                }
            }
        }
        int reference;
        lock (_sync)
        {
            if (connection.TextMode)
            {
                _sent.Add((number, text));
            }
            reference = _messageReference = (_messageReference + 1) % 256;
        }
        await ReplyAsync(connection, [Invariant($"+CMGS: {reference}"), "OK"]).ConfigureAwait(false);
        if (reportOn is not null)
        {
            ReportDelivery(reportOn, reference);
        }
    }

    private async Task ReplyAsync(Connection connection, List<string> lines)
    {
        if (Faults.ReplyDelay > TimeSpan.Zero)
        {
            await Task.Delay(Faults.ReplyDelay, _time, connection.Token).ConfigureAwait(false);
        }
        var reply = new StringBuilder();
        if (Faults.GarbageBeforeReplies)
        {
            reply.Append("\x00\x13\xFF\x7F~#\x08garbage\r\n");
        }
        var bodies = (lines as Reply)?.Bodies;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (bodies?.Contains(i) == true)
            {
                // TS 27.005 3.4.2: a message's data follows its header after one line break.
                reply.Append(line).Append("\r\n");
            }
            else
            {
                var shown = !connection.ReportEquipmentErrors && line.StartsWith("+CME ERROR", StringComparison.Ordinal) ? "ERROR" : line;
                reply.Append("\r\n").Append(shown).Append("\r\n");
            }
            if (Faults.InterleaveUnsolicited && bodies?.Contains(i + 1) != true)
            {
                reply.Append("\r\n+CREG: 1\r\n");
            }
        }
        await connection.WriteAsync(reply.ToString()).ConfigureAwait(false);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reply lines, some of which are message bodies (written without a line break before them).</summary>
    private sealed class Reply : List<string>
    {
        public HashSet<int> Bodies { get; } = [];

        public void AddBody(string text)
        {
            Bodies.Add(Count);
            Add(text);
        }
    }

    private sealed record Stored(SmsStatus Status, string Address, DateTimeOffset? Timestamp, string Text, string Pdu);

    private sealed class Connection(Stream stream, CancellationTokenSource lifetime) : IDisposable
    {
        private readonly SemaphoreSlim _write = new(1, 1);

        public Stream Stream { get; } = stream;
        public CancellationToken Token { get; } = lifetime.Token;
        public bool Echo { get; set; } = true; // the device starts with ATE1
        public bool Headers { get; set; }
        public bool ReportEquipmentErrors { get; set; } // AT+CMEE: off after power-on, so +CME ERROR reads ERROR
        public bool TextMode { get; set; }

        public async Task WriteAsync(string text)
        {
            await _write.WaitAsync(Token).ConfigureAwait(false);
            try
            {
                await Stream.WriteAsync(Encoding.Latin1.GetBytes(text), Token).ConfigureAwait(false);
                await Stream.FlushAsync(Token).ConfigureAwait(false);
            }
            finally
            {
                _write.Release();
            }
        }

        public async Task TryWriteAsync(string text)
        {
            try
            {
                await WriteAsync(text).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The host is gone; an unsolicited code has nobody to reach.
            }
        }

        public void Close()
        {
            try
            {
                lifetime.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already ended.
            }
        }

        public void Dispose() => _write.Dispose();
    }
}
