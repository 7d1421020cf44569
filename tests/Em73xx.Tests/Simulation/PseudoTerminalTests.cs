using System.IO.Ports;
using System.Text;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Tests.Simulation;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PseudoTerminalTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_real_SerialPort_opens_the_simulator_by_path_and_talks_AT()
    {
        await using var simulator = new SimulatedModem();
        await using var terminal = simulator.OpenPseudoTerminal();
        using var port = new SerialPort(terminal.Path, 460800) { ReadTimeout = 10_000, NewLine = "\r\n" };

        port.Open();
        port.Write("AT+CGMM\r");

        var seen = new StringBuilder();
        while (!seen.ToString().Contains("\r\nOK\r\n", StringComparison.Ordinal))
        {
            seen.Append((char)port.ReadByte());
        }
        Assert.Contains("Sierra Wireless EM7345 4G LTE", seen.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_driver_works_through_a_real_serial_port_and_a_second_client_after_the_first()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "over a real tty\nOK\nreally");
        await using var terminal = simulator.OpenPseudoTerminal();

        await using (var first = await Modem.OpenAsync(terminal.Path, cancellationToken: Token))
        {
            Assert.Equal("over a real tty\nOK\nreally", Assert.Single(await first.ListMessagesAsync(cancellationToken: Token)).Text);
        }
        await using var second = await Modem.OpenAsync(terminal.Path, cancellationToken: Token);
        var fix = await second.TryGetFixAsync(TimeSpan.FromSeconds(30), Token);

        Assert.NotNull(fix);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task After_a_reboot_the_port_comes_back_at_the_same_path()
    {
        await using var simulator = new SimulatedModem();
        await using var terminal = simulator.OpenPseudoTerminal();
        var rebooted = new TaskCompletionSource();
        simulator.Rebooted += (_, _) => rebooted.TrySetResult();
        // The port is away for a while after the reboot, as after a real USB re-enumeration; its path is made
        // again once it is back (where udev would announce the new device).
        var back = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(Path.GetDirectoryName(terminal.Path)!, Path.GetFileName(terminal.Path));
        watcher.Created += (_, _) => back.TrySetResult();
        watcher.EnableRaisingEvents = true;

        await using (var modem = await Modem.OpenAsync(terminal.Path, cancellationToken: Token))
        {
            await modem.RebootAsync(Token);
        }
        await rebooted.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        await back.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);

        await using var again = await Modem.OpenAsync(terminal.Path, cancellationToken: Token);
        Assert.Equal("013937006598898", (await again.GetInfoAsync(Token)).Imei);
    }
}
