using System.CommandLine;
using System.Text.Json;
using Drivers.NetworkManager;
using Drivers.NetworkManager.Changes;
using Drivers.NetworkManager.Radios;
using Drivers.NetworkManager.Wifi;
using Spectre.Console;

namespace Xnm;

/// <summary>The scripting commands: each prints its result and returns an exit code; errors are handled by <see cref="Program"/>.</summary>
internal static class Commands
{
    public static async Task<int> DevicesAsync(NetworkManagerClient client, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        var devices = await client.GetDevicesAsync(cancellationToken);
        if (json)
        {
            var rows = devices.Select(d => new DeviceJson(d.InterfaceName, d.TypeText, Names.Kebab(d.State), (uint)d.StateReason, d.ActiveConnectionId, d.HardwareAddress, d.Driver)).ToArray();
            output.WriteLine(JsonSerializer.Serialize(rows, XnmJson.Default.DeviceJsonArray));
            return ExitCodes.Success;
        }
        output.WriteLine($"{"DEVICE",-12} {"TYPE",-10} {"STATE",-14} CONNECTION");
        foreach (var d in devices)
        {
            output.WriteLine($"{d.InterfaceName,-12} {d.TypeText,-10} {Names.Kebab(d.State),-14} {UsageErrors.Printable(d.ActiveConnectionId ?? "--", int.MaxValue)}");
        }
        return ExitCodes.Success;
    }

    public static async Task<int> WifiListAsync(NetworkManagerClient client, string? interfaceName, bool rescan, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (rescan)
        {
            await client.RescanAsync(interfaceName, cancellationToken); // throttled is fine: list what there is
        }
        var aps = await client.GetAccessPointsAsync(interfaceName, cancellationToken);
        if (json)
        {
            var rows = aps.Select(a => new AccessPointJson(a.SsidText, a.Bssid, a.StrengthPercent, a.FrequencyMhz, a.MaxBitrateKbps, a.SecurityText, a.IsSaved, a.IsActive, a.InterfaceName)).ToArray();
            output.WriteLine(JsonSerializer.Serialize(rows, XnmJson.Default.AccessPointJsonArray));
            return ExitCodes.Success;
        }
        output.WriteLine($"   {"SSID",-24} {"BSSID",-17} {"SIGNAL",6} {"FREQ",9} {"RATE",11}  {"SAVED",-5} SECURITY");
        foreach (var a in aps)
        {
            var ssid = a.SsidText.Length == 0 ? "(hidden)" : UsageErrors.Printable(a.SsidText, 32);
            output.WriteLine($"{(a.IsActive ? '*' : ' ')}  {ssid,-24} {a.Bssid,-17} {a.StrengthPercent,5}% {a.FrequencyMhz,5} MHz {a.MaxBitrateKbps / 1000,6} Mb/s  {(a.IsSaved ? "yes" : "no"),-5} {a.SecurityText}");
        }
        return ExitCodes.Success;
    }

    public static async Task<int> WifiConnectAsync(NetworkManagerClient client, string ssid, string? password, string? interfaceName, bool hidden, TextWriter output, CancellationToken cancellationToken)
    {
        var profile = await client.ConnectToWifiAsync(ssid, password, new WifiConnectOptions { InterfaceName = interfaceName, Hidden = hidden }, cancellationToken);
        output.WriteLine($"Connected to '{UsageErrors.Printable(profile.Id, int.MaxValue)}'.");
        return ExitCodes.Success;
    }

    public static async Task<int> DisconnectAsync(NetworkManagerClient client, string interfaceName, TextWriter output, CancellationToken cancellationToken)
    {
        await client.DisconnectAsync(interfaceName, cancellationToken);
        output.WriteLine($"Disconnected {interfaceName}.");
        return ExitCodes.Success;
    }

    public static async Task<int> RadioAsync(NetworkManagerClient client, Radio radio, string? state, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        if (state is not null)
        {
            await client.SetRadioAsync(radio, state == "on", cancellationToken);
        }
        var radios = await client.GetRadiosAsync(cancellationToken);
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(new RadioJson(radios.WifiEnabled, radios.WifiHardwareEnabled, radios.WwanEnabled, radios.WwanHardwareEnabled), XnmJson.Default.RadioJson));
            return ExitCodes.Success;
        }
        var (enabled, hardware) = radio == Radio.Wifi ? (radios.WifiEnabled, radios.WifiHardwareEnabled) : (radios.WwanEnabled, radios.WwanHardwareEnabled);
        output.WriteLine(enabled ? hardware ? "on" : "on (but the hardware switch is off)" : "off");
        return ExitCodes.Success;
    }

    public static async Task<int> ModemAsync(NetworkManagerClient client, bool connect, string? interfaceName, TextWriter output, CancellationToken cancellationToken)
    {
        if (connect)
        {
            var profile = await client.ConnectModemAsync(interfaceName, cancellationToken);
            output.WriteLine($"Connected '{profile.Id}'.");
        }
        else
        {
            await client.DisconnectModemAsync(interfaceName, cancellationToken);
            output.WriteLine("Modem disconnected.");
        }
        return ExitCodes.Success;
    }

    public static async Task<int> MonitorAsync(NetworkManagerClient client, bool json, TextWriter output, CancellationToken cancellationToken)
    {
        // Only Ctrl-C ends a monitor: the cancellation reaches Program, which exits with Interrupted.
        var changes = client.WatchChangesAsync(cancellationToken);
        if (!json)
        {
            // Nothing may change for a long while: say at once what is watched, so silence is not mistaken for a hang.
            output.WriteLine($"Watching NetworkManager on {client.BusAddress}: device states, access points, connections and radios; Ctrl-C to stop.");
            output.Flush();
        }
        await foreach (var change in changes)
        {
            output.WriteLine(json ? JsonSerializer.Serialize(ToJson(change), XnmJson.Default.ChangeJson) : Describe(change));
            output.Flush();
        }
        return ExitCodes.Success;
    }

    public static async Task<int> StatusAsync(NetworkManagerClient client, string format, TextWriter output, CancellationToken cancellationToken)
    {
        var status = await client.GetStatusAsync(cancellationToken);
        output.WriteLine(StatusLine.Format(format, status));
        return ExitCodes.Success;
    }

    private static ChangeJson ToJson(NetworkChange change) => change switch
    {
        DeviceStateChange d => new ChangeJson("device-state", d.Path) { Interface = d.InterfaceName, State = Names.Kebab(d.NewState), OldState = Names.Kebab(d.OldState), Reason = (uint)d.Reason },
        AccessPointChange a => new ChangeJson(a.Added ? "access-point-added" : "access-point-removed", a.Path) { AccessPoint = a.AccessPointPath },
        ActiveConnectionChange c => new ChangeJson("connection-state", c.Path) { State = Names.Kebab(c.State), Reason = (uint)c.Reason },
        RadioChange r => new ChangeJson("radio", r.Path) { Radio = Names.Kebab(r.Radio), Hardware = r.Hardware, Enabled = r.Enabled },
        ServiceChange s => new ChangeJson(s.Running ? "networkmanager-running" : "networkmanager-stopped", s.Path),
        _ => new ChangeJson("unknown", change.Path),
    };

    private static string Describe(NetworkChange change) => change switch
    {
        DeviceStateChange d => $"{d.InterfaceName}: {Names.Kebab(d.OldState)} -> {Names.Kebab(d.NewState)} (reason {(uint)d.Reason})",
        AccessPointChange a => $"access point {(a.Added ? "added" : "removed")}: {a.AccessPointPath}",
        ActiveConnectionChange c => $"connection {c.Path}: {Names.Kebab(c.State)} (reason {(uint)c.Reason})",
        RadioChange r => $"{Names.Kebab(r.Radio)} {(r.Hardware ? "hardware switch" : "radio")}: {(r.Enabled ? "on" : "off")}",
        ServiceChange s => s.Running ? "NetworkManager is running" : "NetworkManager is stopped",
        _ => change.Path,
    };

    /// <summary>Reads a password without echo on a terminal, or one line from standard input in a pipe.</summary>
    public static string? AskPassword(string ssid)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }
        return AnsiConsole.Prompt(new TextPrompt<string>($"Password for '{Markup.Escape(ssid)}':").Secret());
    }

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON (camelCase) instead of text." };

    public static Option<string?> InterfaceOption(string description) => new("--ifname") { Description = description, HelpName = "IF" };
}
