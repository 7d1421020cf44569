using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sms;
using Drivers.Em73xx.Transport;
using static Drivers.Em73xx.Log;

namespace Drivers.Em73xx;

// Delivery reports (TS 23.040 9.2.2.3 SMS-STATUS-REPORT) and messages routed to the host instead of stored (TS 27.005 3.4.1).
//
// Routing: messages are stored and announced (<mt> 1, +CMTI), so a message that arrives while nobody watches waits on the
// SIM, and "unread until seen" can count it. Reports are routed directly (<ds> 1, +CDS): a report is worth something only
// to whoever waits for it, and a stored one may take a storage slot that messages need. A modem that refuses <ds> 1 stores
// them (<ds> 2, +CDSI); such a report is read, then deleted. +CMT and +CDS are handled whenever they come.
//
// Acknowledgement: +CSMS stays 0 (sent as 0 before routing reports), under which the modem acknowledges a routed message
// or report to the network itself (TS 27.005 3.2.1, 3.4.4). Under +CSMS 1 the host must answer each with +CNMA in time,
// or the modem reports an error to the network and turns routing off (<mt> and <ds> 0) for every program: a watcher that
// is slow, busy with a 60 s send, or gone would silently stop all indications. With messages stored, the acknowledgement
// +CNMA would add protects nothing that storage does not already protect.
public sealed partial class Modem
{
    // TS 27.005 3.4.1: mode 2, mt 1 (+CMTI), bm 0, ds 1 (+CDS) or 2 (+CDSI), bfr 0.
    private const string IndicationsWithoutReports = "AT+CNMI=2,1,0,0,0";
    private static readonly string[] ReportIndications = ["AT+CNMI=2,1,0,1,0", "AT+CNMI=2,1,0,2,0"];

    // AT+CNMI is one setting for both streams: chosen and sent under this gate, so that a message watcher starting while
    // reports are being turned on never turns them off again with an AT+CNMI it chose before.
    private readonly SemaphoreSlim _routing = new(1, 1);
    private string? _reportIndications; // the AT+CNMI the modem accepted with reports on, once asked for

    // What WatchMessagesAsync sets: with reports once anything asked for them.
    private async Task SetIndicationsAsync(CancellationToken cancellationToken)
    {
        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SmsCommandAsync(_reportIndications ?? IndicationsWithoutReports, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _routing.Release();
        }
    }

    /// <summary>
    /// Sends a text message as <see cref="SendMessageAsync(string, string, CancellationToken)"/> does, asking the service
    /// center for a delivery report on each part when <paramref name="requestDeliveryReport"/> is true (TP-SRR, TS 23.040
    /// 9.2.3.5). The reports come through <see cref="WatchDeliveryReportsAsync"/>, each with the reference of its part: start
    /// watching before sending, as a report can come within a second. Reports need PDU mode; a modem that refused it sends
    /// without asking.
    /// </summary>
    /// <returns>The message reference (<c>+CMGS: &lt;mr&gt;</c>) of each part, in order: what the reports name.</returns>
    /// <exception cref="ModemErrorException">The network or SIM refused the first part (<c>+CMS ERROR</c>, with its meaning).</exception>
    /// <exception cref="MessagePartlySentException">A later part was refused: the references of the parts sent are in it.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
        Justification = "The family's convention: the token is last and optional in every async method; the bool tells the overloads apart.")]
    public Task<IReadOnlyList<int>> SendMessageAsync(string number, string text, bool requestDeliveryReport, CancellationToken cancellationToken = default) =>
        SendAsync(number, text, requestDeliveryReport, cancellationToken);

    /// <summary>
    /// Each delivery report as it arrives (<c>+CDS</c>, or <c>+CDSI</c> then <c>AT+CMGR</c> for a modem that stores them),
    /// until the caller stops (break, cancel, dispose): delivered, still trying (another report follows) or failed, with
    /// the reference of the part it is about. A routed report (<c>+CDS</c>) is seen only while the stream runs: start it
    /// before sending. Reports a modem stored (<c>+CDSI</c>) while nothing watched come first; each stored report is
    /// deleted once read. Reports need PDU mode: with a modem
    /// that refused it, none come. Arrivals wait in a queue of <see cref="ModemOptions.StreamCapacity"/>.
    /// </summary>
    /// <exception cref="ModemDisconnectedException">The port vanished (unplugged, rebooted) or the modem was closed.</exception>
    /// <exception cref="ModemErrorException">The modem refused to route reports (<c>AT+CNMI</c>).</exception>
    public async IAsyncEnumerable<DeliveryReport> WatchDeliveryReportsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var subscription = _channel.Subscribe();
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        await EnableReportRoutingAsync(cancellationToken).ConfigureAwait(false);
        foreach (var stored in await InStorageAsync(() => TakeStoredReportsAsync(cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            yield return ToReport(stored);
        }
        while (await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (subscription.Reader.TryRead(out var line))
            {
                SmsPdu? pdu;
                if (RoutedPdu.TryParse(line, out var isReport, out var routed, out var error))
                {
                    pdu = isReport ? Routed(routed, error) : null;
                }
                else if (RoutedPdu.TryParseStoredReport(line, out var storage, out var index))
                {
                    pdu = await InStorageAsync(() => TakeStoredReportAsync(storage, index, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    continue;
                }
                if (pdu is { Type: PduType.StatusReport })
                {
                    yield return ToReport(pdu);
                }
            }
        }
    }

    // Reports are routed once asked for (TS 27.005 3.4.1), directly if the modem can, else stored; a modem that refuses both
    // cannot report, which is an error for a watcher and a logged warning for a send (the message still goes).
    private async Task EnableReportRoutingAsync(CancellationToken cancellationToken, bool refusalIsError = true)
    {
        await EnsureSmsReadyAsync(cancellationToken).ConfigureAwait(false);
        if (!_pduMode)
        {
            LogReportsNeedPduMode(_logger);
            return;
        }
        // TS 27.005 3.2.1: service 0, the modem acknowledges routed messages and reports itself (see the top of this file).
        await TryRunAsync("AT+CSMS=0", cancellationToken).ConfigureAwait(false);
        ModemErrorException? refused = null;
        await _routing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var command in ReportIndications)
            {
                try
                {
                    await SmsCommandAsync(command, _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
                    _reportIndications = command;
                    return;
                }
                catch (ModemErrorException e) when (!IsSimBusy(e))
                {
                    refused = e;
                }
            }
        }
        finally
        {
            _routing.Release();
        }
        if (refusalIsError)
        {
            throw refused!;
        }
        LogOptionalFailed(_logger, ReportIndications[^1], refused!.Message);
    }

    // Reports stored (<ds> 2) while nobody watched (after a send that asked for them, or between two watches): listed from
    // the status report storage "SR" (TS 27.005 3.2.2), yielded and deleted, so none is lost and none fills the store. Listed
    // after subscribing: one also announced (+CDSI) is then gone from its slot and read as nothing. Called with the storage
    // held (InStorageAsync), as is the next.
    private async Task<List<SmsPdu>> TakeStoredReportsAsync(CancellationToken cancellationToken)
    {
        var reports = new List<SmsPdu>();
        if (_reportIndications != ReportIndications[^1])
        {
            return reports;
        }
        try
        {
            await SmsCommandAsync("AT+CPMS=\"SR\"", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ModemErrorException e)
        {
            LogOptionalFailed(_logger, "AT+CPMS=\"SR\"", e.Message);
            return reports;
        }
        try
        {
            foreach (var entry in await ListPdusAsync("AT+CMGL=4", cancellationToken).ConfigureAwait(false))
            {
                if (entry.Pdu.Type == PduType.StatusReport)
                {
                    await SmsCommandAsync(FormattableString.Invariant($"AT+CMGD={entry.Index}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
                    reports.Add(entry.Pdu);
                }
            }
        }
        finally
        {
            await SmsCommandAsync("AT+CPMS=\"SM\"", _options.CommandTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        return reports;
    }

    // A stored report (+CDSI: <mem>,<index>): read from its storage (TS 27.005 3.2.2 mem1), then deleted from it.
    private async Task<SmsPdu?> TakeStoredReportAsync(string? storage, int index, CancellationToken cancellationToken)
    {
        if (storage is null)
        {
            LogStorageUnknown(_logger, "+CDSI");
            return null;
        }
        var other = !IsSimStorage(storage);
        if (other)
        {
            await SmsCommandAsync($"AT+CPMS=\"{storage}\"", _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var entry = await ReadPduAsync(index, cancellationToken).ConfigureAwait(false);
            if (entry is { Pdu.Type: PduType.StatusReport })
            {
                await SmsCommandAsync(FormattableString.Invariant($"AT+CMGD={index}"), _options.CommandTimeout, cancellationToken).ConfigureAwait(false);
            }
            return entry?.Pdu;
        }
        finally
        {
            if (other)
            {
                await SmsCommandAsync("AT+CPMS=\"SM\"", _options.CommandTimeout, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    // A routed PDU that did not decode is logged and skipped: bad input from the modem never ends a stream.
    private SmsPdu? Routed(SmsPdu? pdu, PduError error)
    {
        if (pdu is null)
        {
            LogRoutedUndecodable(_logger, error.ToString());
        }
        return pdu;
    }

    private static DeliveryReport ToReport(SmsPdu pdu) => new()
    {
        MessageReference = pdu.MessageReference,
        Recipient = pdu.Address.Value,
        Status = (DeliveryStatus)pdu.Status,
        SubmittedAt = pdu.ServiceCenterTimestamp,
        DischargedAt = pdu.DischargeTime,
    };

    // Waits for the next code, or until the oldest incomplete routed message is due; false once the stream has ended.
    private async Task<bool> WaitForCodeAsync(AtChannel.Subscription subscription, RoutedMessages routed, CancellationToken cancellationToken)
    {
        if (routed.NextDue() is not { } due)
        {
            return await subscription.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
        if (due == TimeSpan.Zero)
        {
            return true;
        }
        using var timer = new CancellationTokenSource(due, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            return await subscription.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return true;
        }
    }
}
