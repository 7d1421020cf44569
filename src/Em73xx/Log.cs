using Microsoft.Extensions.Logging;

namespace Drivers.Em73xx;

/// <summary>
/// Every log message of the package (event ids 1000-1999, the family's range for Em73xx), in one class: the logging source generator emits several classes in no fixed
/// order, which made the embedded PDB (and so the assembly) differ between two builds of the same commit.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "-> {Command}")]
    internal static partial void LogSending(ILogger logger, string command);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "<- {Command} done in {Milliseconds:0.0} ms")]
    internal static partial void LogDone(ILogger logger, string command, double milliseconds);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "{Command} timed out after {Milliseconds} ms")]
    internal static partial void LogTimedOut(ILogger logger, string command, double milliseconds);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Debug, Message = "unsolicited: {Start}")]
    internal static partial void LogUnsolicited(ILogger logger, string start);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "a line of {Length} characters arrived with no command in flight")]
    internal static partial void LogStray(ILogger logger, int length);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "skipped {What} from the modem")]
    internal static partial void LogGarbage(ILogger logger, string what);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "port closed: {Reason}")]
    internal static partial void LogClosed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "the SIM refused the PIN; it will not be sent again")]
    internal static partial void LogPinRefused(ILogger logger);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Debug, Message = "the SIM did not report ready in time; continuing with back-off")]
    internal static partial void LogSimReadyTimeout(ILogger logger);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Debug, Message = "SIM busy on {Command}; retrying in {Milliseconds} ms")]
    internal static partial void LogSimBusy(ILogger logger, string command, double milliseconds);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "AT+XLSRSTOP failed: {Reason}")]
    internal static partial void LogGpsStopFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Debug, Message = "optional {Command} failed: {Reason}")]
    internal static partial void LogOptionalFailed(ILogger logger, string command, string reason);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "a stream's queue of {Capacity} unsolicited codes is full; dropping the oldest until its consumer catches up")]
    internal static partial void LogStreamFull(ILogger logger, int capacity);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "the modem refused PDU mode (AT+CMGF=0: {Reason}); falling back to text mode, which sends printable ASCII only")]
    internal static partial void LogPduModeRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Warning, Message = "the modem refused AT+CSDH=1 ({Reason}): text-mode bodies carry no length, so a body reading OK or +CMGL: can be misread")]
    internal static partial void LogCsdhRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "{Count} PDU(s) came with an announced length that is not theirs (firmware counting septets?); decoded by their own lengths")]
    internal static partial void LogPduLengthMismatch(ILogger logger, int count);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "{Count} PDU(s) from the modem did not decode and were skipped")]
    internal static partial void LogPduUndecodable(ILogger logger, int count);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "unread state is not kept ({Reason}): unread is what the SIM says, which marks a message read once listed")]
    internal static partial void LogUnreadStateUnused(ILogger logger, string reason);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Information, Message = "a reply is overdue; probing with AT+CMEE? so that a late reply is not taken for the next command's")]
    internal static partial void LogResynchronizing(ILogger logger);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Warning, Message = "a new-message code names no storage this driver can select ({Line}); skipped")]
    internal static partial void LogStorageUnknown(ILogger logger, string line);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "the modem answered two probes (AT+CMEE?) without its marker; going on without probing")]
    internal static partial void LogProbeAbandoned(ILogger logger);

    [LoggerMessage(EventId = 1050, Level = LogLevel.Warning, Message = "delivery reports need PDU mode, which this modem refused; none will come")]
    internal static partial void LogReportsNeedPduMode(ILogger logger);

    [LoggerMessage(EventId = 1051, Level = LogLevel.Warning, Message = "a message or report routed by the modem (+CMT/+CDS) did not decode ({Error}); skipped")]
    internal static partial void LogRoutedUndecodable(ILogger logger, string error);

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "a USSD result code did not decode ({Error}); skipped")]
    internal static partial void LogUssdUndecodable(ILogger logger, string error);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "the text of a USSD answer did not decode ({Error}); shown as the modem sent it")]
    internal static partial void LogUssdTextUndecodable(ILogger logger, string error);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "cancelling the USSD session (AT+CUSD=2) failed: {Reason}")]
    internal static partial void LogUssdCancelFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "the network sent a USSD message (+CUSD: {Status}) that answers no code sent by this driver; ignored")]
    internal static partial void LogUssdUnclaimed(ILogger logger, int status);

    // 1110-1119: the position stream (Modem.Gps.cs).
    [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "no position report for {Seconds} s; asking the modem again (AT+XLSRSTOP, AT+XLCSLSR)")]
    internal static partial void LogPositionsRenewed(ILogger logger, double seconds);
}
