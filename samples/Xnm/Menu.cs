using Drivers.NetworkManager;
using Drivers.NetworkManager.Devices;
using Drivers.NetworkManager.Radios;
using Spectre.Console;

namespace Xnm;

/// <summary>The interactive menu, like a status-bar network popup: pick a network to join or leave, the modem, the radio.</summary>
internal static class Menu
{
    private sealed record Item(string Label, Func<CancellationToken, Task<string?>> Act);

    public static async Task<int> RunAsync(NetworkManagerClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var devices = await client.GetDevicesAsync(cancellationToken);
            var radios = await client.GetRadiosAsync(cancellationToken);
            var items = new List<Item>();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Device", "Type", "State", "Connection");
            foreach (var d in devices)
            {
                table.AddRow(Markup.Escape(d.InterfaceName), Names.Kebab(d.Type), Names.Kebab(d.State), Markup.Escape(d.ActiveConnectionId ?? "--"));
            }
            AnsiConsole.Write(table);

            if (devices.Any(d => d.Type == DeviceType.Wifi) && radios.WifiEnabled)
            {
                var aps = await client.GetAccessPointsAsync(cancellationToken: cancellationToken);
                foreach (var ap in aps.Where(a => a.SsidText.Length > 0).GroupBy(a => a.SsidText).Select(g => g.First()))
                {
                    var marks = $"{(ap.IsActive ? "●" : " ")} {(ap.NeedsPassword ? "🔒" : "  ")} {(ap.IsSaved ? "★" : " ")}";
                    var label = $"{marks} {Markup.Escape(ap.SsidText),-24} {ap.StrengthPercent,3}%  {ap.SecurityText}";
                    items.Add(new Item(label, async ct =>
                    {
                        if (ap.IsActive)
                        {
                            await client.DisconnectAsync(ap.InterfaceName, ct);
                            return $"Disconnected from {ap.SsidText}.";
                        }
                        var password = ap.NeedsPassword && !ap.IsSaved ? Commands.AskPassword(ap.SsidText) : null;
                        var profile = await client.ConnectToWifiAsync(ap.SsidText, password, new() { InterfaceName = ap.InterfaceName }, ct);
                        return $"Connected to {profile.Id}.";
                    }));
                }
            }
            foreach (var modem in devices.Where(d => d.Type == DeviceType.Modem))
            {
                var up = modem.State == DeviceState.Activated;
                items.Add(new Item($"Modem {Markup.Escape(modem.InterfaceName)}: switch {(up ? "off" : "on")}", async ct =>
                {
                    if (up)
                    {
                        await client.DisconnectModemAsync(modem.InterfaceName, ct);
                        return "Modem disconnected.";
                    }
                    var profile = await client.ConnectModemAsync(modem.InterfaceName, ct);
                    return $"Modem connected with {profile.Id}.";
                }));
            }
            items.Add(new Item("Rescan Wi-Fi", async ct => await client.RescanAsync(cancellationToken: ct) ? "Scanned." : "Scanned moments ago; showing those results."));
            items.Add(new Item($"Wi-Fi radio: switch {(radios.WifiEnabled ? "off" : "on")}", async ct =>
            {
                await client.SetRadioAsync(Radio.Wifi, !radios.WifiEnabled, ct);
                return null;
            }));
            items.Add(new Item("Quit", _ => Task.FromResult<string?>("quit")));

            var choice = await new SelectionPrompt<Item>()
                .Title("[bold]xnm[/]: pick a network (● connected, 🔒 password, ★ saved)")
                .PageSize(15)
                .UseConverter(i => i.Label)
                .AddChoices(items)
                .ShowAsync(AnsiConsole.Console, cancellationToken);
            try
            {
                var result = await choice.Act(cancellationToken);
                if (result == "quit")
                {
                    return ExitCodes.Success;
                }
                if (result is not null)
                {
                    AnsiConsole.MarkupLine($"[green]{Markup.Escape(result)}[/]");
                }
            }
            catch (NetworkManagerException e)
            {
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            }
        }
        cancellationToken.ThrowIfCancellationRequested(); // Ctrl-C: Program exits with Interrupted
        return ExitCodes.Success;
    }
}
