using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Simulation;

// Routing (TS 27.005 3.4.1 AT+CNMI) and delivery reports (TS 23.040 9.2.2.3): messages stored and announced (+CMTI) or
// routed to the host (+CMT); reports routed (+CDS) or stored in the status report storage "SR" and announced (+CDSI).
public sealed partial class SimulatedModem
{
    private readonly SortedDictionary<int, Stored> _reportStore = [];
    private readonly Queue<DeliveryStatus[]> _nextReports = new();
    private bool _routeMessages; // <mt> 2 or 3: +CMT instead of storing
    private int _routeReports; // <ds>: 0 none, 1 +CDS, 2 stored and +CDSI
    private int _messageService; // AT+CSMS <service>: recorded; this modem acknowledges routed codes itself either way

    /// <summary>
    /// Sets the reports the service center sends on the next part sent with a report requested (TP-SRR), in order: e.g.
    /// <see cref="DeliveryStatus.RecipientBusy"/> (still trying) then <see cref="DeliveryStatus.Delivered"/>, or
    /// <see cref="DeliveryStatus.IncompatibleDestination"/> (failed). Each call queues one part's reports; a part with none
    /// queued gets <see cref="DeliveryStatus.Delivered"/>. Reports are routed as <c>AT+CNMI</c>'s <c>&lt;ds&gt;</c> says:
    /// not at all (0), to the host (1, <c>+CDS</c>) or stored (2, <c>+CDSI: "SR",n</c>).
    /// </summary>
    public void SetNextDeliveryReports(params DeliveryStatus[] statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        if (statuses.Length == 0)
        {
            throw new ArgumentException("Give at least one status.", nameof(statuses));
        }
        lock (_sync)
        {
            _nextReports.Enqueue([.. statuses]);
        }
    }

    /// <summary>
    /// The service center reports on a message sent earlier (before this connection, or by another program) to
    /// <paramref name="recipient"/> as <paramref name="reference"/>; routed as <c>AT+CNMI</c>'s <c>&lt;ds&gt;</c> says, at once.
    /// </summary>
    public void DeliverReport(string recipient, int reference, DeliveryStatus status)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentOutOfRangeException.ThrowIfNegative(reference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(reference, 255);
        var submitted = Received(null);
        RouteReport(SimulatedPdus.StatusReport(PduEncoder.Encode(recipient, "", 0)[0].Hex, reference, submitted, submitted, (byte)status));
    }

    // AT+CNMI=<mode>,<mt>,<bm>,<ds>,<bfr> and AT+CSMS=<service>; null for any other command.
    private List<string>? Routing(string upper)
    {
        if (upper.StartsWith("AT+CSMS=", StringComparison.Ordinal))
        {
            if (!AtFields.TryParseInt(upper.AsSpan(8), out var service) || service > 1)
            {
                return [Cms(303)];
            }
            lock (_sync)
            {
                _messageService = service;
            }
            return ["+CSMS: 1,1,1", "OK"];
        }
        if (upper == "AT+CSMS?")
        {
            lock (_sync)
            {
                return [Invariant($"+CSMS: {_messageService},1,1,1"), "OK"];
            }
        }
        if (!upper.StartsWith("AT+CNMI=", StringComparison.Ordinal))
        {
            return null;
        }
        var fields = upper[8..].Split(',');
        var values = new int[5];
        for (var i = 0; i < fields.Length && i < values.Length; i++)
        {
            if (fields[i].Length > 0 && !AtFields.TryParseInt(fields[i], out values[i]))
            {
                return ["ERROR"];
            }
        }
        if (fields.Length > 5 || values[0] > 3 || values[1] > 3 || values[3] > 2)
        {
            return ["ERROR"];
        }
        lock (_sync)
        {
            _newMessageIndications = values[1] >= 1;
            _routeMessages = values[1] >= 2;
            _routeReports = values[3];
        }
        return Ok();
    }

    // <mt> 2/3: each part goes to the host as "+CMT: ,<length>" then its PDU, and is stored nowhere.
    private bool RouteDirectly(string sender, string text, DateTimeOffset timestamp, IReadOnlyList<int>? sequences)
    {
        IReadOnlyList<string> pdus;
        lock (_sync)
        {
            if (!_routeMessages)
            {
                return false;
            }
            pdus = SimulatedPdus.Deliver(sender, text, timestamp, (byte)(++_concatenationReference));
        }
        var wanted = sequences ?? [.. Enumerable.Range(1, pdus.Count)];
        if (wanted.Any(s => s < 1 || s > pdus.Count))
        {
            throw new ArgumentOutOfRangeException(nameof(sequences), $"The text makes {pdus.Count} part(s).");
        }
        foreach (var sequence in wanted)
        {
            var pdu = pdus[sequence - 1];
            Broadcast(Invariant($"+CMT: ,{SimulatedPdus.TpduLength(pdu)}\r\n{pdu}"));
        }
        return true;
    }

    // The service center's reports on a part sent with TP-SRR, shortly after its +CMGS.
    private void ReportDelivery(string submitHex, int reference)
    {
        DeliveryStatus[] statuses;
        lock (_sync)
        {
            statuses = _nextReports.TryDequeue(out var queued) ? queued : [DeliveryStatus.Delivered];
        }
        var submitted = Received(null);
        _ = Task.Run(async () =>
        {
            foreach (var status in statuses)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _time, _stop.Token).ConfigureAwait(false);
                RouteReport(SimulatedPdus.StatusReport(submitHex, reference, submitted, Received(null), (byte)status));
            }
        }, _stop.Token);
    }

    // <ds> 1: "+CDS: <length>" then the PDU; <ds> 2: stored in "SR" and announced; <ds> 0: dropped.
    private void RouteReport(string report)
    {
        string? code = null;
        lock (_sync)
        {
            if (_routeReports == 1)
            {
                code = Invariant($"+CDS: {SimulatedPdus.TpduLength(report)}\r\n{report}");
            }
            else if (_routeReports == 2)
            {
                var index = Enumerable.Range(1, Capacity).FirstOrDefault(i => !_reportStore.ContainsKey(i));
                if (index > 0)
                {
                    _reportStore[index] = new Stored(SmsStatus.Unread, "", null, "", report);
                    code = Invariant($"+CDSI: \"SR\",{index}");
                }
            }
        }
        if (code is not null)
        {
            Broadcast(code);
        }
    }
}
