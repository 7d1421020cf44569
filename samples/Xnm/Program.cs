using System.CommandLine;
using System.Runtime.InteropServices;
using Drivers.NetworkManager;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Simulation;
using Xnm;

// xnm: NetworkManager from the terminal. See --help, and the contract in README.md.
var bus = new Option<string?>("--bus") { Description = "The D-Bus address (default: the system bus; DBUS_SYSTEM_BUS_ADDRESS is honored).", HelpName = "ADDRESS", Recursive = true };
var simulate = new Option<bool>("--simulate") { Description = "Run against a simulated NetworkManager on a private bus.", Recursive = true };

var root = new RootCommand("NetworkManager from the terminal: Wi-Fi, the 4G modem and the radios. With no command, an interactive menu.");
root.Options.Add(bus);
root.Options.Add(simulate);

var devicesJson = Commands.JsonOption();
var devices = new Command("devices", "List the network devices.") { devicesJson };
devices.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.DevicesAsync(c, r.GetValue(devicesJson), o, ct), ct));
root.Subcommands.Add(devices);

var wifi = new Command("wifi", "Wi-Fi networks: list and connect.");
var listIf = Commands.InterfaceOption("Only this Wi-Fi device.");
var rescan = new Option<bool>("--rescan") { Description = "Scan first (a scan moments ago is reused)." };
var listJson = Commands.JsonOption();
var wifiList = new Command("list", "List the access points in range.") { listIf, rescan, listJson };
wifiList.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.WifiListAsync(c, r.GetValue(listIf), r.GetValue(rescan), r.GetValue(listJson), o, ct), ct));
wifi.Subcommands.Add(wifiList);

var ssid = new Argument<string>("SSID") { Description = "The network's name." };
var password = new Option<string?>("--password") { Description = "The password (visible in the process list; prefer --ask).", HelpName = "P" };
var ask = new Option<bool>("--ask") { Description = "Ask for the password (read from standard input when it is not a terminal)." };
var connectIf = Commands.InterfaceOption("The Wi-Fi device to use.");
var hidden = new Option<bool>("--hidden") { Description = "The network does not broadcast its name." };
var wifiConnect = new Command("connect", "Join a network, reusing its saved profile when there is one.") { ssid, password, ask, connectIf, hidden };
wifiConnect.Validators.Add(r =>
{
    if (r.GetValue(password) is not null && r.GetValue(ask))
    {
        r.AddError("--password and --ask cannot be used together");
    }
    else if (r.GetValue(ssid) is { } name && Ssids.Problem(name) is { } problem)
    {
        r.AddError(problem);
    }
});
wifiConnect.SetAction((r, ct) => RunAsync(r, (c, o, ct) =>
{
    var name = r.GetValue(ssid)!;
    var secret = r.GetValue(ask) ? Commands.AskPassword(name) : r.GetValue(password);
    return Commands.WifiConnectAsync(c, name, secret, r.GetValue(connectIf), r.GetValue(hidden), o, ct);
}, ct));
wifi.Subcommands.Add(wifiConnect);
root.Subcommands.Add(wifi);

var ifname = new Argument<string>("IFNAME") { Description = "The device, e.g. wlan0." };
var disconnect = new Command("disconnect", "Disconnect a device.") { ifname };
disconnect.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.DisconnectAsync(c, r.GetValue(ifname)!, o, ct), ct));
root.Subcommands.Add(disconnect);

var radioName = new Argument<string>("RADIO") { Description = "wifi or wwan." };
radioName.AcceptOnlyFromAmong("wifi", "wwan");
var radioState = new Argument<string?>("STATE") { Description = "on or off; without it, print the state.", Arity = ArgumentArity.ZeroOrOne };
radioState.AcceptOnlyFromAmong("on", "off");
var radioJson = Commands.JsonOption();
var radio = new Command("radio", "Show or switch the Wi-Fi or WWAN (mobile broadband) radio.") { radioName, radioState, radioJson };
radio.SetAction((r, ct) => RunAsync(r, (c, o, ct) =>
    Commands.RadioAsync(c, r.GetValue(radioName) == "wifi" ? Radio.Wifi : Radio.Wwan, r.GetValue(radioState), r.GetValue(radioJson), o, ct), ct));
root.Subcommands.Add(radio);

var modemAction = new Argument<string>("ACTION") { Description = "connect or disconnect." };
modemAction.AcceptOnlyFromAmong("connect", "disconnect");
var modemIf = Commands.InterfaceOption("The modem to use.");
var modem = new Command("modem", "Bring the mobile-broadband modem up with its saved profile, or down.") { modemAction, modemIf };
modem.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.ModemAsync(c, r.GetValue(modemAction) == "connect", r.GetValue(modemIf), o, ct), ct));
root.Subcommands.Add(modem);

var monitorJson = Commands.JsonOption();
var monitor = new Command("monitor", "Print changes as they happen, until Ctrl-C.") { monitorJson };
monitor.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.MonitorAsync(c, r.GetValue(monitorJson), o, ct), ct));
root.Subcommands.Add(monitor);

var format = new Option<string>("--format")
{
    Description = $"What to print; placeholders {string.Join(", ", StatusLine.Placeholders.Select(p => $"{{{p}}}"))}; a part in [ ] is left out when a placeholder in it is empty.",
    HelpName = "FMT",
    DefaultValueFactory = _ => StatusLine.DefaultFormat,
};
format.Validators.Add(r =>
{
    if (StatusLine.Check(r.GetValueOrDefault<string>() ?? "") is { } problem)
    {
        r.AddError($"--format: {problem}");
    }
});
var status = new Command("status", "Print one line for a status bar: the primary connection, its Wi-Fi strength and the modem's state.") { format };
status.SetAction((r, ct) => RunAsync(r, (c, o, ct) => Commands.StatusAsync(c, r.GetValue(format)!, o, ct), ct));
root.Subcommands.Add(status);

root.SetAction((r, ct) =>
{
    if (Console.IsInputRedirected || Console.IsOutputRedirected)
    {
        Console.Error.WriteLine("xnm: the interactive menu needs a terminal; give a command (try 'xnm --help').");
        return Task.FromResult(ExitCodes.Usage);
    }
    return RunAsync(r, (c, _, ct) => Menu.RunAsync(c, ct), ct);
});

// What each option or argument takes, for the sentence when it is missing or wrong.
var takes = new Dictionary<string, string>
{
    ["--bus"] = "--bus takes a D-Bus address such as unix:path=/run/dbus/system_bus_socket",
    ["--format"] = "--format takes a format such as '{name}[ {strength}%]'",
    ["--password"] = "--password takes the network's password",
    ["--ifname"] = "--ifname takes a device name such as wlan0",
    ["RADIO"] = "RADIO is wifi or wwan",
    ["STATE"] = "STATE is on or off",
    ["ACTION"] = "ACTION is connect or disconnect",
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"xnm: {UsageErrors.Explain("xnm", parsed, takes)}; try 'xnm --help'.");
    return ExitCodes.Usage;
}
return await parsed.InvokeAsync();

async Task<int> RunAsync(ParseResult result, Func<NetworkManagerClient, TextWriter, CancellationToken, Task<int>> command, CancellationToken interrupt)
{
    // A closed terminal (SIGHUP) ends the command like Ctrl-C, so the simulator's dbus-daemon and folder go too.
    using var hangUp = new CancellationTokenSource();
    using var sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
    {
        context.Cancel = true;
        hangUp.Cancel();
    });
    using var linked = CancellationTokenSource.CreateLinkedTokenSource(interrupt, hangUp.Token);
    var cancellationToken = linked.Token;
    PrivateBus? privateBus = null;
    SimulatedNetworkManager? simulator = null;
    var address = result.GetValue(bus);
    try
    {
        if (result.GetValue(simulate))
        {
            try
            {
                privateBus = await PrivateBus.StartAsync(cancellationToken);
                simulator = await SimulatedNetworkManager.StartAsync(privateBus.Address, cancellationToken: cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                // PrivateBus says what is missing (dbus-daemon) in its own words.
                Console.Error.WriteLine($"xnm: the simulator could not start: {e.Message}");
                return ExitCodes.NetworkManagerError;
            }
            simulator.AddSampleNetworks();
            address = privateBus.Address;
        }
        await using var client = await NetworkManagerClient.OpenAsync(address, cancellationToken: cancellationToken);
        if (!await client.IsRunningAsync(cancellationToken))
        {
            Console.Error.WriteLine($"xnm: NetworkManager is not running on the bus {client.BusAddress}.");
            return ExitCodes.NetworkManagerError;
        }
        return await command(client, Console.Out, cancellationToken);
    }
    catch (Exception e) when (hangUp.IsCancellationRequested && e is OperationCanceledException or IOException or NetworkManagerException)
    {
        return ExitCodes.HungUp; // the terminal is gone: nobody to tell
    }
    catch (NetworkManagerException e)
    {
        // Ctrl-C at a terminal reaches the whole foreground process group: the simulator's dbus-daemon may die of it
        // before the cancellation reaches the command, which then sees its bus close. That is still an interrupt.
        if (privateBus is not null && e is NetworkManagerErrorException { ErrorName: "org.freedesktop.DBus.Error.NoServer" } && await InterruptedAsync())
        {
            Console.Error.WriteLine("xnm: interrupted.");
            return ExitCodes.Interrupted;
        }
        var (sentence, exitCode) = Failures.Explain(e, address);
        Console.Error.WriteLine($"xnm: {sentence}");
        return exitCode;
    }
    catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
    {
        Console.Error.WriteLine("xnm: interrupted.");
        return ExitCodes.Interrupted;
    }
    finally
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
        if (privateBus is not null)
        {
            await privateBus.DisposeAsync();
        }
    }

    // True when Ctrl-C arrives within a second (the bus may close a moment before the signal is seen).
    async Task<bool> InterruptedAsync()
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1), interrupt);
        }
        catch (OperationCanceledException)
        {
        }
        return interrupt.IsCancellationRequested;
    }
}
