using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

namespace Xsms;

/// <summary>The simulated modem behind <c>--simulate</c>: a SIM with two messages, a GPS fix, new messages for <c>watch</c>.</summary>
internal static class Demo
{
    public static SimulatedModem Create()
    {
        // The GPS as after a hot start: the first fix a second after the request, then one a second, north-east and
        // south-west in turn, each at the time it is sent (gpsd takes an old date for a GPS week rollover).
        var modem = new SimulatedModem(new SimulatedModemOptions
        {
            TimeToFirstFix = TimeSpan.FromSeconds(1),
            FixInterval = TimeSpan.FromSeconds(1),
            ReportCurrentTime = true,
        });
        modem.StoreMessage(SmsStatus.Unread, "+420775123456", "Ahoj! Dinner at 7?\nOK?", new DateTimeOffset(2016, 5, 10, 18, 38, 22, TimeSpan.FromHours(2)));
        modem.StoreMessage(SmsStatus.Read, "+420775123457", "Your parcel arrives tomorrow.", new DateTimeOffset(2016, 5, 9, 9, 15, 0, TimeSpan.FromHours(2)));
        return modem;
    }

    /// <summary>Delivers a message every few seconds until canceled, so that <c>watch --simulate</c> shows something.</summary>
    public static void DeliverNow(SimulatedModem modem, CancellationToken cancellationToken) => _ = Task.Run(async () =>
    {
        try
        {
            for (var n = 1; ; n++)
            {
                await Task.Delay(n == 1 ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(5), cancellationToken);
                modem.DeliverMessage("+420775123456", $"Simulated message {n}");
            }
        }
        catch (OperationCanceledException)
        {
            // watch ended.
        }
    }, cancellationToken);
}
