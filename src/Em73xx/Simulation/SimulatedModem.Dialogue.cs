using System.Text;
using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Simulation;

// The device side of the dialogue: one command in, its reply out, as the EM7345 and TS 27.005/27.007 describe it.
public sealed partial class SimulatedModem
{
    /// <summary>Handles one command line; returns the recipient when the command opened a message prompt.</summary>
    private async Task<string?> HandleAsync(Connection connection, string command)
    {
        bool hung;
        lock (_sync)
        {
            _commands.Add(command);
            hung = _hung;
        }
        if (hung || Faults.Unresponsive)
        {
            return null;
        }
        var upper = command.ToUpperInvariant();
        if (upper.StartsWith("AT+CMGS=", StringComparison.Ordinal))
        {
            var failure = SmsFailure();
            if (failure is not null)
            {
                await ReplyAsync(connection, [failure]).ConfigureAwait(false);
                return null;
            }
            if (Faults.ReplyDelay > TimeSpan.Zero)
            {
                await Task.Delay(Faults.ReplyDelay, _time, connection.Token).ConfigureAwait(false);
            }
            await connection.WriteAsync("\r\n> ").ConfigureAwait(false);
            return command[8..].Split(',')[0].Trim().Trim('"');
        }
        var reply = Faults.IsRefused(upper) ? ["ERROR"] : Answer(connection, command, upper);
        if (reply is not null && Faults.TakeHold(upper) is { } released)
        {
            // A reply that comes long after its command, as from a modem busy with the network: later commands wait.
            Faults.OnReplyHeld(command);
            await released.WaitAsync(connection.Token).ConfigureAwait(false);
        }
        if (reply is not null)
        {
            await ReplyAsync(connection, reply).ConfigureAwait(false);
        }
        if (upper == "AT+CFUN=16")
        {
            Reboot();
        }
        return null;
    }

    private List<string>? Answer(Connection connection, string command, string upper)
    {
        switch (upper)
        {
            case "AT":
                return Ok();
            case "AT+CPMS=\"SM\"" or "AT+CPMS=\"ME\"" or "AT+CPMS=\"SR\"":
                // TS 27.005 3.2.2: mem1, the storage AT+CMGL, AT+CMGR and AT+CMGD use; answered with used and total slots.
                lock (_sync)
                {
                    _selectedStorage = upper[9..11];
                    return [Invariant($"+CPMS: {Selected.Count},{Capacity},{Selected.Count},{Capacity},{Selected.Count},{Capacity}"), "OK"];
                }
            case "AT+CMEE?":
                return [connection.ReportEquipmentErrors ? "+CMEE: 1" : "+CMEE: 0", "OK"];
            case "AT+CMEE=0" or "AT+CMEE=1" or "AT+CMEE=2":
                connection.ReportEquipmentErrors = !upper.EndsWith('0');
                return Ok();
            case "ATE0" or "ATE1":
                connection.Echo = upper == "ATE1";
                return Ok();
            case "AT+CPIN?":
                return SimFailure(cme: true) is { } failure ? [failure]
                    : [_pukLocked ? "+CPIN: SIM PUK" : _pinLocked ? "+CPIN: SIM PIN" : "+CPIN: READY", "OK"];
            case "AT+CIMI":
                // TS 27.007 5.6: the IMSI, digits only; the SIM must be unlocked to give it.
                return SimFailure(cme: true) is { } absent ? [absent]
                    : _pukLocked ? ["+CME ERROR: 12"] : _pinLocked ? ["+CME ERROR: 11"] : [_options.Imsi, "OK"];
            case "AT+XPINCNT":
                return [Invariant($"+XPINCNT: {_pinAttempts},3,{_pukAttempts},10"), "OK"];
            case "AT+XSIMSTATE=1":
                return Ok();
            case "AT+CMGF=1" or "AT+CMGF=0":
                connection.TextMode = upper.EndsWith('1');
                return Ok();
            case "AT+CSDH=1" or "AT+CSDH=0":
                connection.Headers = upper.EndsWith('1');
                return Ok();
            case "AT+CSQ":
                return [Invariant($"+CSQ: {(_radioOn ? Math.Clamp((_options.SignalDbm + 113) / 2, 0, 31) : 99)},99"), "OK"];
            case "AT+COPS=3,0":
                return Ok();
            case "AT+COPS?":
                return [_radioOn && SimFailure(cme: true) is null ? $"+COPS: 0,0,\"{_options.Operator}\",7" : "+COPS: 0", "OK"];
            case "AT+CGSN":
                return [_options.Imei, "OK"];
            case "AT+CGMM":
                return [_options.Model, "OK"];
            case "AT+CGMR":
                return [_options.Firmware, "OK"];
            case "AT+CFUN?":
                return [_radioOn ? "+CFUN: 1,0" : "+CFUN: 4,0", "OK"];
            case "AT+CFUN=1" or "AT+CFUN=4" or "AT+CFUN=0":
                _radioOn = upper == "AT+CFUN=1";
                return Ok();
            case "AT+CFUN=16":
                return Ok();
            case "AT+XLSRSTOP":
                StopGps();
                return Ok();
            default:
                break;
        }
        if (upper.StartsWith("AT+CPOL", StringComparison.Ordinal))
        {
            // ModemManager: AT+CPOL can block the EM7345's AT port completely; so does the simulator, until a reboot.
            lock (_sync)
            {
                _hung = true;
            }
            return null;
        }
        if (Routing(upper) is { } routing)
        {
            return routing;
        }
        if (upper.StartsWith("AT+CPIN=", StringComparison.Ordinal))
        {
            return EnterPin(command[8..]);
        }
        if (upper.StartsWith("AT+CMGL", StringComparison.Ordinal))
        {
            return SmsFailure() is { } failure ? [failure] : connection.TextMode ? List(connection, upper) : ListPdus(upper);
        }
        if (upper.StartsWith("AT+CMGR=", StringComparison.Ordinal))
        {
            return SmsFailure() is { } failure ? [failure] : connection.TextMode ? Read(connection, command[8..]) : ReadPdu(command[8..]);
        }
        if (upper.StartsWith("AT+CMGD=", StringComparison.Ordinal))
        {
            return SmsFailure() is { } failure ? [failure] : Delete(command[8..]);
        }
        if (upper.StartsWith("AT+XLCSLSR=", StringComparison.Ordinal))
        {
            return StartGps();
        }
        return AnswerUssd(command, upper) ?? ["ERROR"];
    }

    private static List<string> Ok() => ["OK"];

    private static string Cms(int code) => Invariant($"+CMS ERROR: {code}");

    private string? SimFailure(bool cme)
    {
        if (!_options.SimInserted)
        {
            return cme ? "+CME ERROR: 10" : Cms(310);
        }
        if (Faults.TakeSimBusy())
        {
            return cme ? "+CME ERROR: 14" : Cms(314);
        }
        return null;
    }

    private string? SmsFailure()
    {
        if (SimFailure(cme: false) is { } failure)
        {
            return failure;
        }
        return _pukLocked ? Cms(316) : _pinLocked ? Cms(311) : null;
    }

    private List<string> EnterPin(string arguments)
    {
        if (SimFailure(cme: true) is { } failure)
        {
            return [failure];
        }
        var parts = arguments.Split(',').Select(p => p.Trim().Trim('"')).ToArray();
        List<string> reply;
        lock (_sync)
        {
            if (_pukLocked)
            {
                if (parts.Length != 2 || parts[0] != _options.Puk)
                {
                    _pukAttempts = Math.Max(0, _pukAttempts - 1);
                    return ["+CME ERROR: 16"];
                }
                _pin = parts[1];
            }
            else if (!_pinLocked)
            {
                return ["+CME ERROR: 3"]; // nothing to unlock: operation not allowed
            }
            else if (parts.Length != 1 || parts[0] != _pin)
            {
                if (--_pinAttempts == 0)
                {
                    _pukLocked = true;
                }
                return ["+CME ERROR: 16"];
            }
            _pinLocked = _pukLocked = false;
            _pinAttempts = MaxPinAttempts;
            _pukAttempts = MaxPukAttempts;
            reply = Ok();
        }
        // Intel Rapid RIL: +XSIM 7 (ready for attach) then 12 (SMS caching done) follow an accepted PIN.
        _ = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
            Broadcast("+XSIM: 7");
            Broadcast("+XSIM: 12");
        });
        return reply;
    }

    private List<string> List(Connection connection, string upper)
    {
        var wanted = upper.Contains("REC UNREAD", StringComparison.Ordinal) ? SmsStatus.Unread
            : upper.Contains("REC READ", StringComparison.Ordinal) ? SmsStatus.Read
            : upper.Contains("STO UNSENT", StringComparison.Ordinal) ? SmsStatus.Unsent
            : upper.Contains("STO SENT", StringComparison.Ordinal) ? SmsStatus.Sent
            : (SmsStatus?)null;
        var reply = new Reply();
        lock (_sync)
        {
            foreach (var (index, message) in Selected.ToArray())
            {
                if (wanted is { } status && message.Status != status)
                {
                    continue;
                }
                var header = new StringBuilder(Invariant($"+CMGL: {index},\"{SmsStatusText.Format(message.Status)}\",\"{message.Address}\",,"));
                if (message.Timestamp is { } timestamp)
                {
                    header.Append('"').Append(ScTimestamp.Format(timestamp)).Append('"');
                }
                if (connection.Headers)
                {
                    header.Append(Invariant($",{TypeOfAddress(message.Address)},{message.Text.Length}"));
                }
                reply.Add(header.ToString());
                reply.AddBody(message.Text);
                // TS 27.005 3.4.2: listing a received unread message marks it read.
                if (message.Status == SmsStatus.Unread)
                {
                    Selected[index] = message with { Status = SmsStatus.Read };
                }
            }
        }
        reply.Add("OK");
        return reply;
    }

    // TS 27.005 3.4.2 PDU mode: +CMGL: <index>,<stat>,[<alpha>],<length> then the PDU (SMSC field included) in hex.
    private List<string> ListPdus(string upper)
    {
        var argument = upper.Length > 8 && upper[7] == '=' ? upper[8..].Trim() : "4";
        if (!AtFields.TryParseInt(argument, out var stat) || stat is < 0 or > 4)
        {
            return [Cms(304)];
        }
        var reply = new Reply();
        lock (_sync)
        {
            foreach (var (index, message) in Selected.ToArray())
            {
                if (stat != 4 && (int)message.Status != stat)
                {
                    continue;
                }
                reply.Add(Invariant($"+CMGL: {index},{(int)message.Status},,{AnnouncedLength(message)}"));
                reply.Add(message.Pdu);
                // TS 27.005 3.4.2: listing a received unread message marks it read.
                if (message.Status == SmsStatus.Unread)
                {
                    Selected[index] = message with { Status = SmsStatus.Read };
                }
            }
        }
        reply.Add("OK");
        return reply;
    }

    // TS 27.005 3.4.3 PDU mode: +CMGR: <stat>,[<alpha>],<length> then the PDU in hex.
    private List<string> ReadPdu(string argument)
    {
        if (!AtFields.TryParseInt(argument, out var index) || index is < 1 or > Capacity)
        {
            return [Cms(321)];
        }
        lock (_sync)
        {
            if (!Selected.TryGetValue(index, out var message))
            {
                return Ok();
            }
            if (message.Status == SmsStatus.Unread)
            {
                Selected[index] = message with { Status = SmsStatus.Read };
            }
            return [Invariant($"+CMGR: {(int)message.Status},,{AnnouncedLength(message)}"), message.Pdu, "OK"];
        }
    }

    // Firmware that counts septets announces the text's length instead of the TPDU's (a fault on demand).
    private int AnnouncedLength(Stored message) =>
        Faults.SeptetCountedLengths ? message.Text.Length + SimulatedPdus.TpduLength(message.Pdu) : SimulatedPdus.TpduLength(message.Pdu);

    private List<string> Read(Connection connection, string argument)
    {
        if (!AtFields.TryParseInt(argument, out var index) || index is < 1 or > Capacity)
        {
            return [Cms(321)];
        }
        lock (_sync)
        {
            if (!Selected.TryGetValue(index, out var message))
            {
                return Ok(); // an empty slot: OK with no message
            }
            var header = new StringBuilder(Invariant($"+CMGR: \"{SmsStatusText.Format(message.Status)}\",\"{message.Address}\","));
            if (message.Timestamp is { } timestamp)
            {
                header.Append(",\"").Append(ScTimestamp.Format(timestamp)).Append('"');
            }
            if (connection.Headers)
            {
                header.Append(Invariant($",{TypeOfAddress(message.Address)},4,0,0,\"+420603052000\",145,{message.Text.Length}"));
            }
            if (message.Status == SmsStatus.Unread)
            {
                Selected[index] = message with { Status = SmsStatus.Read };
            }
            var reply = new Reply { header.ToString() };
            reply.AddBody(message.Text);
            reply.Add("OK");
            return reply;
        }
    }

    private List<string> Delete(string arguments)
    {
        var parts = arguments.Split(',');
        if (!AtFields.TryParseInt(parts[0], out var index) || index is < 0 or > Capacity)
        {
            return [Cms(321)];
        }
        var flag = 0;
        if (parts.Length > 1 && (!AtFields.TryParseInt(parts[1], out flag) || flag > 4))
        {
            return [Cms(305)];
        }
        lock (_sync)
        {
            // TS 27.005 3.5.4: delflag 1 read, 2 read+sent, 3 read+sent+unsent, 4 all; 0 the index only.
            foreach (var (i, message) in Selected.ToArray())
            {
                var remove = flag switch
                {
                    0 => i == index,
                    1 => message.Status == SmsStatus.Read,
                    2 => message.Status is SmsStatus.Read or SmsStatus.Sent,
                    3 => message.Status is not SmsStatus.Unread,
                    _ => true,
                };
                if (remove)
                {
                    Selected.Remove(i);
                }
            }
        }
        return Ok();
    }

    private void Reboot()
    {
        lock (_sync)
        {
            _gps?.Cancel();
            _gps = null;
            _hung = false;
            _radioOn = true;
            _newMessageIndications = false;
            (_routeMessages, _routeReports) = (false, 0);
            _selectedStorage = "SM";
            _pinLocked = _options.PinLocked || _pinLocked;
        }
        Rebooted?.Invoke(this, EventArgs.Empty);
        DisconnectAll();
    }

    /// <summary>Raised when the modem reboots (<c>AT+CFUN=16</c>): every connection has ended and the port comes back after <see cref="SimulatedModemOptions.RebootDuration"/>.</summary>
    public event EventHandler? Rebooted;

    // TS 23.040 9.1.2.5: 145 international, 129 national.
    private static int TypeOfAddress(string address) => address.StartsWith('+') ? 145 : 129;
}
