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
        try
        {
            return await LoopAsync(client, cancellationToken);
        }
        finally
        {
            // A prompt hides the cursor while it runs and does not show it again when Ctrl-C or a closed terminal
            // cancels it: show it here, or the user's shell is left without one.
            try
            {
                AnsiConsole.Cursor.Show();
            }
            catch (IOException)
            {
                // The terminal is gone (SIGHUP): there is no cursor left to show.
            }
        }
    }

    private static async Task<int> LoopAsync(NetworkManagerClient client, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var devices = await client.GetDevicesAsync(cancellationToken);
            var radios = await client.GetRadiosAsync(cancellationToken);
            var items = new List<Item>();
            var table = new Table().Border(TableBorder.Rounded).AddColumns("Device", "Type", "State", "Connection");
            foreach (var d in devices)
            {
                table.AddRow(Markup.Escape(d.InterfaceName), Markup.Escape(d.TypeText), Names.Kebab(d.State), Markup.Escape(d.ActiveConnectionId ?? "--"));
            }
            AnsiConsole.Write(table);

            if (devices.Any(d => d.Type == DeviceType.Wifi) && radios.WifiEnabled)
            {
                var aps = await client.GetAccessPointsAsync(cancellationToken: cancellationToken);
                foreach (var ap in aps.Where(a => a.SsidText.Length > 0).GroupBy(a => a.SsidText).Select(g => g.First()))
                {
                    var marks = $"{(ap.IsActive ? "●" : " ")} {(ap.NeedsPassword ? "🔒" : "  ")} {(ap.IsSaved ? "★" : " ")}";
                    var name = Markup.Escape(UsageErrors.Printable(ap.SsidText, 32));
                    var label = $"{marks} {name,-24} {ap.StrengthPercent,3}%  {ap.SecurityText}{(ap.IsActive ? "  (connected: choose to disconnect)" : "")}";
                    items.Add(new Item(label, async ct =>
                    {
                        if (ap.IsActive)
                        {
                            // Leaving the network the user is on cuts them off: ask first, and No is the default.
                            var sure = await new ConfirmationPrompt($"Disconnect from {name}?") { DefaultValue = false }.ShowAsync(AnsiConsole.Console, ct);
                            if (!sure)
                            {
                                return $"Still connected to {UsageErrors.Printable(ap.SsidText)}.";
                            }
                            await client.DisconnectAsync(ap.InterfaceName, ct);
                            return $"Disconnected from {UsageErrors.Printable(ap.SsidText)}.";
                        }
                        var password = ap.NeedsPassword && !ap.IsSaved ? Commands.AskPassword(ap.SsidText) : null;
                        var profile = await client.ConnectToWifiAsync(ap.SsidText, password, new() { InterfaceName = ap.InterfaceName }, ct);
                        return $"Connected to {UsageErrors.Printable(profile.Id)}.";
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

            Item choice;
            using (var console = new LeavingConsole(AnsiConsole.Console))
            {
                try
                {
                    choice = await new SelectionPrompt<Item>()
                        .Title("[bold]xnm[/]: pick a network (● connected, 🔒 password, ★ saved; Esc or q to leave)")
                        .PageSize(15)
                        .UseConverter(i => i.Label)
                        .AddChoices(items)
                        .ShowAsync(console, cancellationToken);
                }
                catch (OperationCanceledException) when (console.Leave.IsCancellationRequested)
                {
                    return ExitCodes.Success;
                }
            }
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
                AnsiConsole.MarkupLine($"[red]{Markup.Escape(Failures.Explain(e, null).Sentence)}[/]");
            }
        }
        cancellationToken.ThrowIfCancellationRequested(); // Ctrl-C: Program exits with Interrupted
        return ExitCodes.Success;
    }
}
