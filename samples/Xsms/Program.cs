using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Drivers.Em73xx;
using Drivers.Em73xx.Sms;
using Xsms;

// xsms: SMS and GPS from the command line and for status bars (DESIGN.md, samples/Xsms).
// Exit codes: 0 ok, 1 modem or protocol error, 2 usage error, 3 SIM locked or PIN refused, 4 no GPS fix in time.
var device = new Option<string?>("--device") { Description = "The modem's AT port, e.g. /dev/ttyACM0.", Recursive = true };
var simulate = new Option<bool>("--simulate") { Description = "Use the built-in simulated EM7345 instead of a modem.", Recursive = true };
var pin = new Option<string?>("--pin") { Description = "SIM PIN; sent once, only while no PIN attempt has failed.", Recursive = true };
var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for the modem (for gps: for a fix; default 60).", Recursive = true };
var json = new Option<bool>("--json") { Description = "Print JSON (camelCase) instead of text." };

var root = new RootCommand("SMS and GPS of a Sierra Wireless EM7345 modem, from the command line and for status bars.");
root.Options.Add(device);
root.Options.Add(simulate);
root.Options.Add(pin);
root.Options.Add(timeout);

var unreadFormat = new Option<string>("--unread-format") { Description = "Printed when messages are unread; {0} is the count.", DefaultValueFactory = _ => "{0}" };
var readFormat = new Option<string?>("--read-format") { Description = "Printed instead when nothing is unread." };
var count = new Command("count", "Print the unread count as one line for a status bar.") { unreadFormat, readFormat };
count.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var unread = await modem.CountUnreadAsync(ct);
    var format = unread == 0 && result.GetValue(readFormat) is { } whenRead ? whenRead : result.GetValue(unreadFormat)!;
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, format, unread));
    return 0;
}));

var unreadOnly = new Option<bool>("--unread") { Description = "Only messages not yet read." };
var list = new Command("list", "List the messages on the SIM.") { unreadOnly, json };
list.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var messages = await modem.ListMessagesAsync(result.GetValue(unreadOnly) ? SmsFilter.Unread : SmsFilter.All, ct);
    if (result.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(messages.Select(MessageJson.From).ToList(), XsmsJson.Output.ListMessageJson));
    }
    else
    {
        foreach (var message in messages)
        {
            PrintMessage(message);
        }
    }
    return 0;
}));

var index = new Argument<int>("INDEX") { Description = "The message's index on the SIM." };
var read = new Command("read", "Print one message (it stays on the SIM).") { index, json };
read.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var message = await modem.ReadMessageAsync(result.GetValue(index), ct)
        ?? throw new UsageException($"There is no message at index {result.GetValue(index)}.", 1);
    if (result.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(MessageJson.From(message), XsmsJson.Output.MessageJson));
    }
    else
    {
        PrintMessage(message);
    }
    return 0;
}));

var deleteIndex = new Argument<int?>("INDEX") { Description = "The message to delete.", Arity = ArgumentArity.ZeroOrOne };
var all = new Option<bool>("--all") { Description = "Delete every message on the SIM." };
var delete = new Command("delete", "Delete one message, or all with --all.") { deleteIndex, all };
delete.SetAction((result, ct) =>
{
    var which = result.GetValue(deleteIndex);
    var everything = result.GetValue(all);
    if (which is null == !everything)
    {
        return Task.FromResult(Usage("Give either an INDEX or --all to delete."));
    }
    return Run(result, ct, async modem =>
    {
        if (which is { } one)
        {
            await modem.DeleteMessageAsync(one, ct);
        }
        else
        {
            await modem.DeleteAllMessagesAsync(ct);
        }
        return 0;
    });
});

var number = new Argument<string>("NUMBER") { Description = "The recipient, e.g. +420775123456." };
var text = new Argument<string>("TEXT") { Description = "The text (up to 160 ASCII characters)." };
var send = new Command("send", "Send a text message and print its reference.") { number, text, json };
send.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var reference = await modem.SendMessageAsync(result.GetValue(number)!, result.GetValue(text)!, ct);
    Console.WriteLine(result.GetValue(json)
        ? JsonSerializer.Serialize(new SendJson([reference]), XsmsJson.Output.SendJson)
        : reference.ToString(CultureInfo.InvariantCulture));
    return 0;
}));

var gps = new Command("gps", "Wait for one GPS fix and print it; exit 4 when none arrives in time.") { json };
gps.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var wait = TimeSpan.FromSeconds(result.GetValue(timeout) ?? 60);
    var fix = await modem.TryGetFixAsync(wait, ct);
    if (fix is null)
    {
        Console.Error.WriteLine($"xsms: no GPS fix arrived within {wait.TotalSeconds:0.#} s.");
        return 4;
    }
    Console.WriteLine(result.GetValue(json)
        ? JsonSerializer.Serialize(FixJson.From(fix), XsmsJson.Output.FixJson)
        : string.Create(CultureInfo.InvariantCulture,
            $"{fix.Latitude:0.000000} {fix.Longitude:0.000000} alt {fix.AltitudeMeters:0.#} m, {fix.TimeUtc:yyyy-MM-dd HH:mm:ss}Z, {fix.Satellites.Count} satellites"));
    return 0;
}));

var info = new Command("info", "Print model, firmware, IMEI, operator, signal, SIM state and retries left.") { json };
info.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var about = await modem.GetInfoAsync(ct);
    if (result.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(InfoJson.From(about), XsmsJson.Output.InfoJson));
        return 0;
    }
    Console.WriteLine($"model:     {about.Model}");
    Console.WriteLine($"firmware:  {about.Firmware}");
    Console.WriteLine($"imei:      {about.Imei}");
    Console.WriteLine($"operator:  {about.Operator ?? "(not registered)"}");
    Console.WriteLine($"signal:    {(about.SignalDbm is { } dbm ? dbm.ToString(CultureInfo.InvariantCulture) + " dBm" : "unknown")}");
    Console.WriteLine($"sim:       {about.SimState}");
    Console.WriteLine($"pin left:  {about.PinRetries?.Pin.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
    Console.WriteLine($"puk left:  {about.PinRetries?.Puk.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
    return 0;
}));

var reboot = new Option<bool>("--reboot") { Description = "Reboot the whole modem (AT+CFUN=16) instead of power-cycling the radio." };
var reset = new Command("reset", "Power-cycle the radio, or reboot the modem.") { reboot };
reset.SetAction((result, ct) => Run(result, ct, async modem =>
{
    if (result.GetValue(reboot))
    {
        await modem.RebootAsync(ct);
        Console.WriteLine("rebooting; the port comes back in a few seconds");
    }
    else
    {
        await modem.RestartRadioAsync(ct);
        Console.WriteLine("radio restarted");
    }
    return 0;
}));

var watch = new Command("watch", "Print each new message as it arrives (Ctrl-C stops).") { json };
watch.SetAction((result, ct) => Run(result, ct, async modem =>
{
    await foreach (var message in modem.WatchMessagesAsync(ct))
    {
        if (result.GetValue(json))
        {
            Console.WriteLine(JsonSerializer.Serialize(MessageJson.From(message), XsmsJson.Output.MessageJson));
        }
        else
        {
            PrintMessage(message);
        }
    }
    return 0;
}, simulateArrivals: true));

root.Subcommands.Add(count);
root.Subcommands.Add(list);
root.Subcommands.Add(read);
root.Subcommands.Add(delete);
root.Subcommands.Add(send);
root.Subcommands.Add(gps);
root.Subcommands.Add(info);
root.Subcommands.Add(reset);
root.Subcommands.Add(watch);

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    return Usage(parsed.Errors[0].Message);
}
return await parsed.InvokeAsync();

static int Usage(string message)
{
    Console.Error.WriteLine($"xsms: {message.TrimEnd('.')}. Try 'xsms --help'.");
    return 2;
}

static void PrintMessage(SmsMessage message)
{
    var when = message.Timestamp?.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "-";
    Console.WriteLine($"#{message.Index} {message.Status.ToString().ToLowerInvariant()} {message.Address} {when}");
    foreach (var line in message.Text.Split('\n'))
    {
        Console.WriteLine("  " + line);
    }
}

async Task<int> Run(ParseResult result, CancellationToken ct, Func<Modem, Task<int>> body, bool simulateArrivals = false)
{
    var path = result.GetValue(device);
    var simulated = result.GetValue(simulate);
    if (path is null == !simulated)
    {
        return Usage("Give either --device PATH or --simulate");
    }
    var seconds = result.GetValue(timeout);
    if (seconds is <= 0 or > 3600)
    {
        return Usage("--timeout takes 1 to 3600 seconds");
    }
    // For gps, --timeout is the wait for a fix; for every other command it is the wait for each reply.
    var options = seconds is { } wait && result.CommandResult.Command.Name != "gps"
        ? new ModemOptions { Pin = result.GetValue(pin), CommandTimeout = TimeSpan.FromSeconds(wait) }
        : new ModemOptions { Pin = result.GetValue(pin) };
    var simulator = simulated ? Demo.Create() : null;
    try
    {
        await using var modem = simulator is null
            ? await Modem.OpenAsync(path!, options, ct)
            : await Modem.OpenAsync(simulator.OpenStream(), options, ct);
        if (simulator is not null && simulateArrivals)
        {
            Demo.DeliverNow(simulator, ct);
        }
        return await body(modem);
    }
    catch (SimLockedException e)
    {
        Console.Error.WriteLine($"xsms: {e.Message}");
        return 3;
    }
    catch (ModemException e)
    {
        Console.Error.WriteLine($"xsms: {e.Message}");
        return 1;
    }
    catch (UsageException e)
    {
        Console.Error.WriteLine($"xsms: {e.Message}");
        return e.ExitCode;
    }
    catch (ArgumentException e)
    {
        var message = e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
        return Usage(message);
    }
    catch (FormatException)
    {
        return Usage("The format is not valid; use {0} for the count");
    }
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
        return 130;
    }
    finally
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
    }
}
