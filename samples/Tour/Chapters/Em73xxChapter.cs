using System.Globalization;
using Drivers.Em73xx;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

namespace Tour.Chapters;

internal sealed class Em73xxChapter : Chapter
{
    public override string Package => "Drivers.Em73xx";

    public override string Wraps => "EM7345 LTE modem: PIN, SMS, GPS, reset (AT commands)";

    public override async Task RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        // A simulated EM7345 with a PIN-locked SIM, spoken to over an in-memory port exactly as over /dev/ttyACM0.
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions(), cancellationToken);

        output.WriteLine($"  SIM: {await modem.GetSimStateAsync(cancellationToken)}, unlocking with the PIN");
        await modem.UnlockAsync("1234", cancellationToken);
        output.WriteLine($"  SIM: {await modem.GetSimStateAsync(cancellationToken)}");

        // The modem announces a new message (+CMTI) only once the watch has turned indications on (AT+CNMI, TS 27.005 3.4.1).
        var indicationsOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnCommand(object? sender, string command)
        {
            if (command == "AT+CNMI=2,1,0,0,0")
            {
                indicationsOn.TrySetResult();
            }
        }
        simulator.CommandHandled += OnCommand;
        await using (var incoming = modem.WatchMessagesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken))
        {
            var next = incoming.MoveNextAsync().AsTask();
            await Task.WhenAny(indicationsOn.Task, next).WaitAsync(cancellationToken); // a failed watch shows at "await next"
            simulator.CommandHandled -= OnCommand;
            simulator.DeliverMessage("+420775123456", "Ahoj! Dinner at 7?", new DateTimeOffset(2016, 5, 10, 18, 38, 22, TimeSpan.FromHours(2)));
            await next;
            var message = incoming.Current;
            output.WriteLine($"  received #{message.Index} from {message.Address} at {message.Timestamp:yyyy-MM-dd HH:mm:sszzz}: \"{message.Text}\"");
        }

        var references = await modem.SendMessageAsync("+420775123456", "Yes, see you at 7.", cancellationToken);
        output.WriteLine($"  sent a reply, message reference {references[0].ToString(CultureInfo.InvariantCulture)}");
        output.WriteLine($"  unread now: {await modem.CountUnreadAsync(cancellationToken)}; stored: {(await modem.ListMessagesAsync(SmsFilter.All, cancellationToken)).Count}");

        var fix = await modem.TryGetFixAsync(TimeSpan.FromSeconds(30), cancellationToken);
        output.WriteLine(fix is null
            ? "  no GPS fix"
            : string.Create(CultureInfo.InvariantCulture,
                $"  GPS fix: {fix.Latitude:0.000000}, {fix.Longitude:0.000000}, {fix.AltitudeMeters:0} m, {fix.TimeUtc:yyyy-MM-dd HH:mm:ss}Z, {fix.Satellites.Count} satellites (session stopped: {!simulator.GpsSessionActive})"));
    }
}
