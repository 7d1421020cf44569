using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using Drivers.Em73xx.Gps;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sim;
using Drivers.Em73xx.Sms;
using Drivers.Em73xx.State;
using Drivers.Em73xx.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using static Drivers.Em73xx.Log;

namespace Drivers.Em73xx;

/// <summary>
/// A Sierra Wireless EM7345 (Intel XMM7160) modem over its AT port: SIM, SMS, GPS, information and power.
/// Open it with <see cref="OpenAsync(string, ModemOptions?, CancellationToken)"/>; one command runs at a time.
/// </summary>
public sealed partial class Modem : IAsyncDisposable
{
    private const int FullPinAttempts = 3;
    private const int MaxTextLength = 160;

    // The request py-em73xx sends, the one known to give the long position report on an EM7345.
    private const string LocationRequest = "AT+XLCSLSR=1,1,,,,,,,,,,";

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private readonly AtChannel _channel;
    private readonly ModemOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _refusedPin;
    private bool _smsReady;
    private bool _pduMode = true;
    private int _concatenationReference = Random.Shared.Next(256);
    private UnseenLedger? _ledger;
    private bool _ledgerLooked;
    private int _gpsSessions;
    private int _disposed;

    // TS 27.005 3.2.2: AT+CPMS selects, modem-wide, the storage every later AT+CMGL, AT+CMGR and AT+CMGD works on. A read
    // from another storage ("ME", or the reports' "SR") selects it and then the SIM's again: held for that whole sequence
    // and for each operation on the SIM's storage, so that a listing never runs while another storage is selected.
    private readonly SemaphoreSlim _storage = new(1, 1);

    private Modem(Stream stream, ModemOptions options)
    {
        _options = options;
        _time = options.TimeProvider;
        _logger = options.LoggerFactory?.CreateLogger<Modem>() ?? NullLogger<Modem>.Instance;
        _channel = new AtChannel(stream, _time, _logger, options.StreamCapacity, OnUnclaimed);
        _channel.Start();
    }

    /// <summary>Opens the modem at <paramref name="devicePath"/> (e.g. <c>/dev/ttyACM0</c>) and initializes it.</summary>
    /// <exception cref="ModemDisconnectedException">The port is missing or busy (ModemManager may own it).</exception>
    /// <exception cref="SimLockedException"><see cref="ModemOptions.Pin"/> was given and could not be used safely.</exception>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of its range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The family's opening convention: a path or a stream first, then the same optional options and token; the first parameter's type tells the overloads apart.")]
    public static Task<Modem> OpenAsync(string devicePath, ModemOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devicePath);
        options?.Validate();
        return OpenAsync(SerialTransport.Open(devicePath), options, cancellationToken);
    }

    /// <summary>
    /// Opens a modem that speaks over <paramref name="stream"/> (a serial port's stream, or a simulator's) and initializes it
    /// (echo off, numeric errors, SIM-state reports). Once the options are found valid, the modem owns the stream and
    /// disposes it, also when opening fails.
    /// </summary>
    /// <exception cref="SimLockedException"><see cref="ModemOptions.Pin"/> was given and could not be used safely.</exception>
    /// <exception cref="ArgumentException">A property of <paramref name="options"/> is out of its range.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The family's opening convention: a path or a stream first, then the same optional options and token; the first parameter's type tells the overloads apart.")]
    public static async Task<Modem> OpenAsync(Stream stream, ModemOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        options ??= new ModemOptions();
        options.Validate();
        var modem = new Modem(stream, options);
        try
        {
            await modem.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return modem;
        }
        catch
        {
            await modem.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lines from the modem that could not be modem output and were skipped (a sign of a noisy port).</summary>
    public long SkippedLines => _channel.GarbageLines;

    /// <summary>
    /// Unsolicited codes dropped, oldest first, because a stream's consumer fell more than
    /// <see cref="ModemOptions.StreamCapacity"/> codes behind (each drop is also logged, once per burst).
    /// </summary>
    public long DroppedCodes => _channel.DroppedCodes;

    /// <summary>What the SIM needs before it can be used (<c>AT+CPIN?</c>).</summary>
    public async Task<SimState> GetSimStateAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var lines = await RunAsync("AT+CPIN?", cancellationToken).ConfigureAwait(false);
            foreach (var line in lines)
            {
                if (Replies.TryParseCpin(line, out var state))
                {
                    return state;
                }
            }
            return SimState.Unknown;
        }
        catch (ModemErrorException e) when (e.Kind == ModemErrorKind.Cme)
        {
            return e.Code switch
            {
                ModemErrorMeanings.CmeSimNotInserted => SimState.Absent,
                ModemErrorMeanings.CmeSimBusy => SimState.Busy,
                ModemErrorMeanings.CmeSimPinRequired => SimState.PinRequired,
                ModemErrorMeanings.CmeSimPukRequired => SimState.PukRequired,
                _ => SimState.Unknown,
            };
        }
    }

    /// <summary>PIN and PUK attempts left (<c>AT+XPINCNT</c>); null when the modem does not support it.</summary>
    public async Task<PinRetries?> GetPinRetriesAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var line in await RunAsync("AT+XPINCNT", cancellationToken).ConfigureAwait(false))
            {
                if (Replies.TryParseXpincnt(line, out var retries))
                {
                    return retries;
                }
            }
        }
        catch (ModemErrorException)
        {
            // Not every firmware has it; the caller then knows nothing about retries.
        }
        return null;
    }

    /// <summary>
    /// Unlocks the SIM with <paramref name="pin"/> (<c>AT+CPIN</c>) if, and only if, it asks for a PIN; then waits until
    /// it is ready for SMS. A PIN the SIM refused is never sent again by this instance.
    /// </summary>
    /// <returns>True when the PIN was sent and accepted; false when the SIM needed none.</returns>
    /// <exception cref="SimLockedException">The PIN was refused (now or before), or the SIM needs a PUK or is absent.</exception>
    public async Task<bool> UnlockAsync(string pin, CancellationToken cancellationToken = default)
    {
        if (pin is null || pin.Length is < 4 or > 8 || !pin.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A SIM PIN is 4 to 8 digits.", nameof(pin));
        }
        var state = await GetSimStateAsync(cancellationToken).ConfigureAwait(false);
        switch (state)
        {
            case SimState.Ready:
                return false;
            case SimState.PinRequired:
                break;
            default:
                throw await LockedAsync(state, pinRefused: false, cancellationToken).ConfigureAwait(false);
        }
        if (string.Equals(pin, _refusedPin, StringComparison.Ordinal))
        {
            throw new SimLockedException(
                "The SIM refused this PIN before; it is not sent again (each try costs one of three attempts).", state, null, pinRefused: true);
        }
        using var subscription = _channel.Subscribe();
        try
        {
            await _channel.ExecuteAsync($"AT+CPIN=\"{pin}\"", _options.CommandTimeout, cancellationToken, logName: "AT+CPIN=\"****\"")
                .ConfigureAwait(false);
        }
        catch (ModemErrorException e) when (e.Kind == ModemErrorKind.Cme && e.Code == ModemErrorMeanings.CmeIncorrectPassword)
        {
            _refusedPin = pin;
            LogPinRefused(_logger);
            throw await LockedAsync(SimState.PinRequired, pinRefused: true, cancellationToken).ConfigureAwait(false);
        }
        _smsReady = false;
        await WaitForSimReadyAsync(subscription, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Lists the stored messages (<c>AT+CMGL</c>). As TS 27.005 says, the modem marks listed unread messages as read; with
    /// <see cref="ModemOptions.UnreadStateDirectory"/>, a message the user has not seen yet is listed as unread once more,
    /// and is seen from then on.
    /// </summary>
    public async Task<IReadOnlyList<SmsMessage>> ListMessagesAsync(SmsFilter filter = SmsFilter.All, CancellationToken cancellationToken = default)
    {
        if (await LedgerAsync(cancellationToken).ConfigureAwait(false) is { } ledger)
        {
            var shown = Observed(ledger.Observe(await ListStoreAsync(SmsFilter.All, cancellationToken).ConfigureAwait(false), markSeen: true, out var saved), saved);
            return filter == SmsFilter.Unread ? [.. shown.Where(m => m.Status == SmsStatus.Unread)] : shown;
        }
        return await ListStoreAsync(filter, cancellationToken).ConfigureAwait(false);
    }

    private Task<IReadOnlyList<SmsMessage>> ListStoreAsync(SmsFilter filter, CancellationToken cancellationToken) =>
        InStorageAsync(() => ListSelectedStoreAsync(filter, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<SmsMessage>> ListSelectedStoreAsync(SmsFilter filter, CancellationToken cancellationToken)
    {
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        if (_pduMode)
        {
            // TS 27.005 3.4.2 PDU mode: <stat> 0 received unread, 4 all.
            var entries = await ListPdusAsync(filter == SmsFilter.Unread ? "AT+CMGL=0" : "AT+CMGL=4", cancellationToken).ConfigureAwait(false);
            return PduListParser.ToMessages(entries);
        }
        var command = filter == SmsFilter.Unread ? "AT+CMGL=\"REC UNREAD\"" : "AT+CMGL=\"ALL\"";
        var lines = await SmsCommandAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        return SmsListParser.ParseList(lines);
    }

    private async Task<List<PduListParser.Entry>> ListPdusAsync(string command, CancellationToken cancellationToken)
    {
        var lines = await SmsCommandAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        var entries = PduListParser.ParseList(lines, out var mismatches, out var undecodable);
        LogPduTrouble(mismatches, undecodable);
        return entries;
    }

    private async Task<PduListParser.Entry?> ReadPduAsync(int index, CancellationToken cancellationToken)
    {
        try
        {
            var lines = await SmsCommandAsync(Invariant($"AT+CMGR={index}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            var entry = PduListParser.ParseRead(lines, index, out var mismatches, out var undecodable);
            LogPduTrouble(mismatches, undecodable);
            return entry;
        }
        catch (ModemErrorException e) when (e.Kind == ModemErrorKind.Cms && e.Code == ModemErrorMeanings.CmsInvalidIndex)
        {
            return null;
        }
    }

    private void LogPduTrouble(int mismatches, int undecodable)
    {
        if (mismatches > 0)
        {
            LogPduLengthMismatch(_logger, mismatches);
        }
        if (undecodable > 0)
        {
            LogPduUndecodable(_logger, undecodable);
        }
    }

    // A long message's parts: the whole store is listed (reading a part marks it read, as listing does).
    private async Task<SmsMessage?> WholeMessageAsync(PduListParser.Entry entry, CancellationToken cancellationToken)
    {
        if (entry.Pdu.Concatenation is null)
        {
            return PduListParser.ToMessages([entry])[0];
        }
        var all = PduListParser.ToMessages(await ListPdusAsync("AT+CMGL=4", cancellationToken).ConfigureAwait(false));
        var whole = all.FirstOrDefault(m => m.Parts.Contains(entry.Index));
        return whole is null ? PduListParser.ToMessages([entry])[0]
            : entry.Status == SmsStatus.Unread && whole.Status != SmsStatus.Unread ? new SmsMessage(whole.Index, SmsStatus.Unread, whole.Address, whole.Timestamp, whole.Text) { Parts = whole.Parts, MissingParts = whole.MissingParts }
            : whole;
    }

    /// <summary>
    /// How many received messages are unread (<c>AT+CMGL</c>). With <see cref="ModemOptions.UnreadStateDirectory"/>, also
    /// those the SIM has marked read but the user has not seen yet; counting marks nothing seen.
    /// </summary>
    public async Task<int> CountUnreadAsync(CancellationToken cancellationToken = default)
    {
        if (await LedgerAsync(cancellationToken).ConfigureAwait(false) is { } ledger)
        {
            var store = await ListStoreAsync(SmsFilter.All, cancellationToken).ConfigureAwait(false);
            return Observed(ledger.Observe(store, markSeen: false, out var saved), saved).Count(m => m.Status == SmsStatus.Unread);
        }
        return (await ListStoreAsync(SmsFilter.Unread, cancellationToken).ConfigureAwait(false)).Count;
    }

    // The unseen-message ledger of this SIM, or null without a state folder, a usable folder, or an IMSI (TS 27.007 5.6).
    private async Task<UnseenLedger?> LedgerAsync(CancellationToken cancellationToken)
    {
        if (_options.UnreadStateDirectory is not { } folder || _ledgerLooked)
        {
            return _ledger;
        }
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        var imsi = Replies.FirstPlainLine(await TryRunAsync("AT+CIMI", cancellationToken).ConfigureAwait(false));
        if (imsi is null || imsi.Length is < 5 or > 15 || !imsi.All(char.IsAsciiDigit))
        {
            // Asked again next time: a SIM still locked gives its IMSI once unlocked.
            LogUnreadStateUnused(_logger, "the SIM gave no IMSI (AT+CIMI)");
            return null;
        }
        _ledger = UnseenLedger.TryOpen(folder, imsi);
        if (_ledger is null)
        {
            LogUnreadStateUnused(_logger, "the folder is a link, not a folder, or writable by others");
        }
        _ledgerLooked = true;
        return _ledger;
    }

    private T Observed<T>(T result, bool saved)
    {
        if (!saved)
        {
            LogUnreadStateUnused(_logger, "the state file could not be written");
        }
        return result;
    }

    /// <summary>
    /// Reads the message at <paramref name="index"/> (<c>AT+CMGR</c>); null when the slot is empty. Never deletes it.
    /// When the slot holds a part of a long message, the whole message is returned (every part present). With
    /// <see cref="ModemOptions.UnreadStateDirectory"/>, a message not seen yet is returned as unread and is seen from then on.
    /// </summary>
    public async Task<SmsMessage?> ReadMessageAsync(int index, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        var message = await InStorageAsync(() => ReadStoredAsync(index, cancellationToken), cancellationToken).ConfigureAwait(false);
        return message is not null && await LedgerAsync(cancellationToken).ConfigureAwait(false) is { } ledger
            ? Observed(ledger.ObserveOne(message, markSeen: true, out var saved), saved)
            : message;
    }

    private async Task<SmsMessage?> ReadStoredAsync(int index, CancellationToken cancellationToken)
    {
        if (_pduMode)
        {
            var entry = await ReadPduAsync(index, cancellationToken).ConfigureAwait(false);
            return entry is null ? null : await WholeMessageAsync(entry, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var lines = await SmsCommandAsync(Invariant($"AT+CMGR={index}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            return SmsListParser.ParseRead(lines, index);
        }
        catch (ModemErrorException e) when (e.Kind == ModemErrorKind.Cms && e.Code == ModemErrorMeanings.CmsInvalidIndex)
        {
            return null;
        }
    }

    /// <summary>Deletes the message at <paramref name="index"/> (<c>AT+CMGD=index</c>), and every other part of it when it is a long message.</summary>
    public async Task DeleteMessageAsync(int index, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        await InStorageAsync(() => DeleteStoredAsync(index, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteStoredAsync(int index, CancellationToken cancellationToken)
    {
        if (_pduMode && await ReadPduAsync(index, cancellationToken).ConfigureAwait(false) is { Pdu.Concatenation: not null } entry
            && await WholeMessageAsync(entry, cancellationToken).ConfigureAwait(false) is { } whole)
        {
            foreach (var part in whole.Parts)
            {
                await SmsCommandAsync(Invariant($"AT+CMGD={part}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        await SmsCommandAsync(Invariant($"AT+CMGD={index}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes every stored message, read, unread, sent and unsent (<c>AT+CMGD=1,4</c>).</summary>
    public async Task DeleteAllMessagesAsync(CancellationToken cancellationToken = default) =>
        await InStorageAsync(() => SmsCommandAsync("AT+CMGD=1,4", _options.CommandTimeout, cancellationToken), cancellationToken).ConfigureAwait(false);

    private async Task InStorageAsync(Func<Task> work, CancellationToken cancellationToken) => await InStorageAsync(
        async () =>
        {
            await work().ConfigureAwait(false);
            return true;
        },
        cancellationToken).ConfigureAwait(false);

    // Runs work that uses the selected message storage with the storage held (see _storage).
    private async Task<T> InStorageAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        await _storage.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _storage.Release();
        }
    }

    /// <summary>
    /// Sends a text message of any length (<c>AT+CMGS</c>, PDU mode, TS 27.005 3.5.1): GSM 7-bit when every character
    /// fits the default alphabet, UCS-2 otherwise (emoji too), in as few parts as possible (TS 23.040 9.2.3.24.1).
    /// </summary>
    /// <returns>The message reference (<c>+CMGS: &lt;mr&gt;</c>) of each part, in order.</returns>
    /// <exception cref="ModemErrorException">The network or SIM refused the first part (<c>+CMS ERROR</c>, with its meaning).</exception>
    /// <exception cref="MessagePartlySentException">A later part was refused: the references of the parts sent are in it.</exception>
    public Task<IReadOnlyList<int>> SendMessageAsync(string number, string text, CancellationToken cancellationToken = default) =>
        SendMessageAsync(number, text, requestDeliveryReport: false, cancellationToken);

    private async Task<IReadOnlyList<int>> SendAsync(string number, string text, bool requestDeliveryReport, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(number);
        ArgumentNullException.ThrowIfNull(text);
        var digits = number.AsSpan(number.StartsWith('+') ? 1 : 0);
        if (digits.Length is 0 or > 20 || digits.ContainsAnyExcept(Digits))
        {
            throw new ArgumentException($"'{number}' is not a phone number (digits, optionally after a +).", nameof(number));
        }
        var body = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        if (PduEncoder.CountParts(body) > PduEncoder.MaxParts)
        {
            throw new ArgumentException($"The text has {body.Length} characters, more than {PduEncoder.MaxParts} parts can hold.", nameof(text));
        }
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        if (!_pduMode)
        {
            return [await SendTextModeAsync(number, body, cancellationToken).ConfigureAwait(false)];
        }
        if (requestDeliveryReport)
        {
            await EnableReportRoutingAsync(cancellationToken, refusalIsError: false).ConfigureAwait(false);
        }
        var reference = (byte)Interlocked.Increment(ref _concatenationReference);
        var parts = PduEncoder.Encode(number, body, reference, requestDeliveryReport);
        var references = new List<int>(parts.Count);
        foreach (var part in parts)
        {
            try
            {
                var lines = await SmsCommandAsync(Invariant($"AT+CMGS={part.TpduLength}"), _options.SendTimeout, cancellationToken, part.Hex).ConfigureAwait(false);
                references.Add(MessageReference(lines));
            }
            catch (ModemException e) when (references.Count > 0 && e is not SimLockedException)
            {
                throw new MessagePartlySentException([.. references], parts.Count, e);
            }
        }
        return references;
    }

    private async Task<int> SendTextModeAsync(string number, string text, CancellationToken cancellationToken)
    {
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException($"The text has {text.Length} characters; this modem refused PDU mode, and one text-mode message holds at most {MaxTextLength}.", nameof(text));
        }
        foreach (var c in text)
        {
            // A CR re-prompts, Ctrl-Z sends and ESC aborts (TS 27.005 3.5.1); text mode sends printable ASCII only.
            if (c != '\n' && (c < ' ' || c > '~'))
            {
                throw new ArgumentException($"The text holds '{c}' (U+{(int)c:X4}); this modem refused PDU mode, and text mode sends only printable ASCII and line breaks.", nameof(text));
            }
        }
        var lines = await SmsCommandAsync($"AT+CMGS=\"{number}\"", _options.SendTimeout, cancellationToken, text).ConfigureAwait(false);
        return MessageReference(lines);
    }

    private static int MessageReference(IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            if (Replies.TryParseCmgs(line, out var reference))
            {
                return reference;
            }
        }
        throw new ModemErrorException("AT+CMGS", ModemErrorKind.Plain, -1);
    }

    /// <summary>
    /// Each message as it arrives (<c>+CMTI</c>, then <c>AT+CMGR</c>), until the caller stops (break, cancel, dispose).
    /// First come the unread messages that arrived while nobody watched (with <see cref="ModemOptions.UnreadStateDirectory"/>:
    /// those not seen yet); a message stored in another storage than the SIM's (<c>+CMTI: "ME",n</c>) is read from there.
    /// Arrivals wait in a queue of <see cref="ModemOptions.StreamCapacity"/>; a consumer further behind loses the oldest.
    /// Watching marks nothing seen. A message the modem routes to the host instead of storing it (<c>+CMT</c>, when another
    /// program set that routing) is in no storage: its <see cref="SmsMessage.Index"/> is -1 and its parts are put back
    /// together here; one still missing parts a minute after its last part came is yielded as it is.
    /// </summary>
    /// <exception cref="ModemDisconnectedException">The port vanished (unplugged, rebooted) or the modem was closed.</exception>
    /// <exception cref="ModemErrorException">The modem refused to announce new messages (<c>AT+CNMI</c>).</exception>
    public async IAsyncEnumerable<SmsMessage> WatchMessagesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = _channel.Subscribe();
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        // TS 27.005 3.4.1: mode 2 (buffer while the link is busy), mt 1 (+CMTI for each message stored). Without it no
        // message would ever be announced, so a refusal is an error, not a quiet endless wait.
        await SetIndicationsAsync(cancellationToken).ConfigureAwait(false);
        // Listed after indications are on, so none falls in between; announced again, they are skipped below.
        var reported = new HashSet<int>();
        foreach (var waiting in await WaitingMessagesAsync(cancellationToken).ConfigureAwait(false))
        {
            reported.UnionWith(waiting.Parts);
            yield return waiting;
        }
        var routed = new RoutedMessages(_time);
        while (await WaitForCodeAsync(subscription, routed, cancellationToken).ConfigureAwait(false))
        {
            foreach (var incomplete in routed.TakeOverdue())
            {
                yield return incomplete;
            }
            while (subscription.Reader.TryRead(out var line))
            {
                if (RoutedPdu.TryParse(line, out var isReport, out var pdu, out var error))
                {
                    if (!isReport && Routed(pdu, error) is { } part && routed.Add(part) is { } whole)
                    {
                        yield return whole;
                    }
                    continue;
                }
                if (!Replies.TryParseCmti(line, out var storage, out var index)
                    || (IsSimStorage(storage) && reported.Remove(index)))
                {
                    continue;
                }
                if (storage is null)
                {
                    LogStorageUnknown(_logger, line.Length > 32 ? line[..32] : line);
                    continue;
                }
                // Shown by the caller, perhaps only as a passing notification: it stays unseen for CountUnreadAsync.
                var message = await InStorageAsync(
                    () => IsSimStorage(storage) ? ReadStoredAsync(index, cancellationToken) : ReadFromStorageAsync(storage, index, cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                if (message is not null && IsSimStorage(storage) && await LedgerAsync(cancellationToken).ConfigureAwait(false) is { } ledger)
                {
                    message = Observed(ledger.ObserveOne(message, markSeen: false, out var saved), saved);
                }
                if (message is { IsComplete: true })
                {
                    yield return message;
                }
            }
        }
    }

    private static bool IsSimStorage(string? storage) => storage == "SM";

    // The complete messages still unread (or, with a state folder, not seen yet), oldest slot first.
    private async Task<List<SmsMessage>> WaitingMessagesAsync(CancellationToken cancellationToken)
    {
        var ledger = await LedgerAsync(cancellationToken).ConfigureAwait(false);
        var store = await ListStoreAsync(ledger is null ? SmsFilter.Unread : SmsFilter.All, cancellationToken).ConfigureAwait(false);
        var shown = ledger is null ? store : Observed(ledger.Observe(store, markSeen: false, out var saved), saved);
        return [.. shown.Where(m => m.Status == SmsStatus.Unread && m.IsComplete)];
    }

    // TS 27.005 3.2.2: AT+CPMS selects the storage that AT+CMGR and AT+CMGL read (mem1); the SIM's is selected again after.
    // Called with the storage held (InStorageAsync).
    private async Task<SmsMessage?> ReadFromStorageAsync(string storage, int index, CancellationToken cancellationToken)
    {
        await SmsCommandAsync($"AT+CPMS=\"{storage}\"", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadStoredAsync(index, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await SmsCommandAsync("AT+CPMS=\"SM\"", _options.CommandTimeout, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts a location request (<c>AT+XLCSLSR</c>), waits for one position report, and stops the session
    /// (<c>AT+XLSRSTOP</c>) whatever happens: fix, timeout, cancellation or error.
    /// </summary>
    /// <returns>The fix, or null when none arrived within <paramref name="timeout"/>.</returns>
    /// <exception cref="InvalidOperationException">A position stream (<see cref="WatchPositionsAsync"/>) of this modem is running.</exception>
    public async Task<GpsFix?> TryGetFixAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        // Its own request would replace a position stream's, and its AT+XLSRSTOP end it (the modem keeps one request).
        Interlocked.Increment(ref _gpsSessions);
        if (Volatile.Read(ref _positionStreams) != 0)
        {
            Interlocked.Decrement(ref _gpsSessions);
            throw new InvalidOperationException("A position stream of this modem is running; take the next fix from WatchPositionsAsync instead.");
        }
        using var subscription = _channel.Subscribe();
        using var deadline = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            var requestId = -1;
            foreach (var line in await RunAsync(LocationRequest, linked.Token).ConfigureAwait(false))
            {
                if (XlcslsrParser.TryParseRequestId(line, out var id))
                {
                    requestId = id;
                }
            }
            while (await subscription.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var line))
                {
                    if (XlcslsrParser.TryParse(line, out var fix) && (requestId < 0 || fix.RequestId == requestId))
                    {
                        return fix;
                    }
                }
            }
            throw new ModemDisconnectedException("The modem's port closed while waiting for a GPS fix.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ModemTimeoutException) when (deadline.IsCancellationRequested)
        {
            return null;
        }
        finally
        {
            await StopGpsAsync().ConfigureAwait(false);
            Interlocked.Decrement(ref _gpsSessions);
        }
    }

    /// <summary>Model, firmware, IMEI, operator, signal, SIM state and attempts left.</summary>
    public async Task<ModemInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var model = Replies.FirstPlainLine(await TryRunAsync("AT+CGMM", cancellationToken).ConfigureAwait(false));
        var firmware = Replies.FirstPlainLine(await TryRunAsync("AT+CGMR", cancellationToken).ConfigureAwait(false));
        var imei = Replies.FirstPlainLine(await TryRunAsync("AT+CGSN", cancellationToken).ConfigureAwait(false));
        await TryRunAsync("AT+COPS=3,0", cancellationToken).ConfigureAwait(false); // long alphanumeric operator names
        string? operatorName = null;
        foreach (var line in await TryRunAsync("AT+COPS?", cancellationToken).ConfigureAwait(false))
        {
            _ = Replies.TryParseCops(line, out operatorName);
        }
        int? signal = null;
        foreach (var line in await TryRunAsync("AT+CSQ", cancellationToken).ConfigureAwait(false))
        {
            _ = Replies.TryParseCsq(line, out signal);
        }
        return new ModemInfo
        {
            Model = model,
            Firmware = firmware,
            Imei = imei,
            Operator = operatorName,
            SignalDbm = signal,
            SimState = await GetSimStateAsync(cancellationToken).ConfigureAwait(false),
            PinRetries = await GetPinRetriesAsync(cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Power-cycles the radio (<c>AT+CFUN=4</c>, then <c>AT+CFUN=1</c>); the port stays open.</summary>
    public async Task RestartRadioAsync(CancellationToken cancellationToken = default)
    {
        var timeout = TimeSpan.FromSeconds(30); // ModemManager allows CFUN 30 s
        await _channel.ExecuteAsync("AT+CFUN=4", timeout, cancellationToken).ConfigureAwait(false);
        await _channel.ExecuteAsync("AT+CFUN=1", timeout, cancellationToken).ConfigureAwait(false);
        _smsReady = false;
    }

    /// <summary>
    /// Reboots the modem (<c>AT+CFUN=16</c>). Its USB device goes away and comes back, so this instance is closed
    /// afterwards: open the modem again once the port reappears.
    /// </summary>
    public async Task RebootAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _channel.ExecuteAsync("AT+CFUN=16", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ModemDisconnectedException)
        {
            // The port may vanish before the OK arrives: that is the reboot happening.
        }
        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops a GPS session still running, cancels a USSD menu left unanswered, then closes the port.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (Volatile.Read(ref _gpsSessions) > 0)
        {
            await StopGpsAsync().ConfigureAwait(false);
        }
        await CancelOpenUssdAsync().ConfigureAwait(false);
        await _channel.DisposeAsync().ConfigureAwait(false);
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await RunAsync("ATE0", cancellationToken).ConfigureAwait(false);
        await RunAsync("AT+CMEE=1", cancellationToken).ConfigureAwait(false);
        await TryRunAsync("AT+XSIMSTATE=1", cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(_options.Pin))
        {
            await UnlockSafelyAsync(_options.Pin, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task UnlockSafelyAsync(string pin, CancellationToken cancellationToken)
    {
        var state = await GetSimStateAsync(cancellationToken).ConfigureAwait(false);
        if (state != SimState.PinRequired)
        {
            return;
        }
        var retries = await GetPinRetriesAsync(cancellationToken).ConfigureAwait(false);
        if (retries is { } known && known.Pin < FullPinAttempts)
        {
            throw new SimLockedException(
                $"The SIM has {known.Pin} PIN attempt(s) left, so a PIN failed before; the configured PIN is not tried again. Unlock it by hand with the right PIN.",
                state, known.Pin, pinRefused: false);
        }
        await UnlockAsync(pin, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SimLockedException> LockedAsync(SimState state, bool pinRefused, CancellationToken cancellationToken)
    {
        var retries = state is SimState.Absent ? null : await GetPinRetriesAsync(cancellationToken).ConfigureAwait(false);
        int? left = retries is null ? null : state == SimState.PukRequired ? retries.Value.Puk : retries.Value.Pin;
        var attempts = left is null ? "" : Invariant($" {left} attempt(s) left.");
        var message = state switch
        {
            _ when pinRefused => "The SIM refused the PIN (+CME ERROR: 16, incorrect password)." + attempts + " It is not retried automatically.",
            SimState.PinRequired => "The SIM is locked and needs its PIN; pass it with the PIN option." + attempts,
            SimState.PukRequired => "The SIM is blocked and needs its PUK; unblock it in a phone." + attempts,
            SimState.Absent => "There is no SIM in the modem.",
            _ => $"The SIM is not usable ({state}).",
        };
        return new SimLockedException(message, state, left, pinRefused);
    }

    private async Task WaitForSimReadyAsync(AtChannel.Subscription subscription, CancellationToken cancellationToken)
    {
        // Intel Rapid RIL: +XSIM: 7 (ready for attach) and 12 (SMS caching completed). Commands before that get SIM busy,
        // which SmsCommandAsync backs off from, so a modem that never says it is ready is only slower, not broken.
        using var deadline = new CancellationTokenSource(_options.SimReadyTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (await subscription.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out var line))
                {
                    if (Replies.TryParseXsim(line, out var xsim) && xsim is 7 or 12)
                    {
                        return;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            LogSimReadyTimeout(_logger);
        }
    }

    private async Task EnsureSmsReadyAsync(CancellationToken cancellationToken)
    {
        if (_smsReady)
        {
            return;
        }
        try
        {
            // TS 27.005 3.2.3: PDU mode, as ModemManager, Gammu and python-gsmmodem use: any alphabet, any length.
            await BackOffOnSimBusyAsync("AT+CMGF=0", _options.CommandTimeout, null, cancellationToken).ConfigureAwait(false);
            _pduMode = true;
        }
        catch (ModemErrorException e) when (!IsSimBusy(e))
        {
            LogPduModeRefused(_logger, e.Message);
            _pduMode = false;
            await BackOffOnSimBusyAsync("AT+CMGF=1", _options.CommandTimeout, null, cancellationToken).ConfigureAwait(false);
            try
            {
                // With headers shown, every message announces its body length, so a body line reading "OK" stays text.
                await RunAsync("AT+CSDH=1", cancellationToken).ConfigureAwait(false);
            }
            catch (ModemErrorException refused)
            {
                LogCsdhRefused(_logger, refused.Message);
            }
        }
        _smsReady = true;
    }

    private async Task<IReadOnlyList<string>> SmsCommandAsync(string command, TimeSpan timeout, CancellationToken cancellationToken, string? payload = null)
    {
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        return await BackOffOnSimBusyAsync(command, timeout, payload, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<string>> BackOffOnSimBusyAsync(string command, TimeSpan timeout, string? payload, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        var waited = TimeSpan.Zero;
        while (true)
        {
            try
            {
                return await _channel.ExecuteAsync(command, timeout, cancellationToken, payload: payload).ConfigureAwait(false);
            }
            catch (ModemErrorException e) when (IsSimBusy(e) && waited < _options.SimReadyTimeout)
            {
                LogSimBusy(_logger, command, delay.TotalMilliseconds);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                waited += delay;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));
            }
            catch (ModemErrorException e) when (LockedState(e) is { } state)
            {
                throw await LockedAsync(state, pinRefused: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsSimBusy(ModemErrorException e) =>
        (e.Kind == ModemErrorKind.Cme && e.Code == ModemErrorMeanings.CmeSimBusy) || (e.Kind == ModemErrorKind.Cms && e.Code == ModemErrorMeanings.CmsSimBusy);

    private static SimState? LockedState(ModemErrorException e) => (e.Kind, e.Code) switch
    {
        (ModemErrorKind.Cme, 11) or (ModemErrorKind.Cms, 311) => SimState.PinRequired,
        (ModemErrorKind.Cme, 12) or (ModemErrorKind.Cms, 316) => SimState.PukRequired,
        (ModemErrorKind.Cme, 10) or (ModemErrorKind.Cms, 310) => SimState.Absent,
        _ => null,
    };

    private async Task StopGpsAsync()
    {
        try
        {
            await _channel.ExecuteAsync("AT+XLSRSTOP", TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ModemException or ObjectDisposedException)
        {
            // Nothing more can be done: the port is gone or the engine was already off.
            LogGpsStopFailed(_logger, e.Message);
        }
    }

    private Task<IReadOnlyList<string>> RunAsync(string command, CancellationToken cancellationToken) =>
        _channel.ExecuteAsync(command, _options.CommandTimeout, cancellationToken);

    private async Task<IReadOnlyList<string>> TryRunAsync(string command, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ModemErrorException e)
        {
            LogOptionalFailed(_logger, command, e.Message);
            return [];
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
