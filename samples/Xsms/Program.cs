using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Drivers.Em73xx;
using Drivers.Em73xx.Sim;
using Drivers.Em73xx.Sms;
using Xsms;

// xsms: SMS and GPS from the command line and for status bars. Its contract (commands, output, exit codes) is README.md.
var device = new Option<string?>("--device") { Description = "The modem's AT port, e.g. /dev/ttyACM0.", Recursive = true };
var simulate = new Option<bool>("--simulate") { Description = "Use the built-in simulated EM7345 instead of a modem.", Recursive = true };
var pin = new Option<string?>("--pin") { Description = "SIM PIN; sent once, only while no PIN attempt has failed.", Recursive = true };
var timeout = new Option<double?>("--timeout") { Description = "Seconds to wait for the modem (for gps: for a fix, default 60; for ussd: for the network, default 30).", Recursive = true };
timeout.CustomParser = result => double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
    : Refuse<double?>(result, $"--timeout takes a number of seconds, not '{result.Tokens[0].Value}'");
var json = new Option<bool>("--json") { Description = "Print JSON (camelCase) instead of text." };
var report = new Option<bool>("--report") { Description = "Ask for delivery reports and wait for them (--timeout, default 60 s); exit 5 when not delivered, 6 when no report came." };

var root = new RootCommand("SMS, GPS and USSD of a Sierra Wireless EM7345 modem, from the command line and for status bars.");
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
    return ExitCodes.Success;
}, check: () => CheckFormat(result.GetValue(unreadFormat)) ?? CheckFormat(result.GetValue(readFormat))));

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
    return ExitCodes.Success;
}));

var index = new Argument<int>("INDEX") { Description = "The message's index on the SIM.", CustomParser = ParseIndex };
var read = new Command("read", "Print one message (it stays on the SIM).") { index, json };
read.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var message = await modem.ReadMessageAsync(result.GetValue(index), ct)
        ?? throw new XsmsException($"There is no message at index {result.GetValue(index)}.", ExitCodes.ModemError);
    if (result.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(MessageJson.From(message), XsmsJson.Output.MessageJson));
    }
    else
    {
        PrintMessage(message);
    }
    return ExitCodes.Success;
}, check: () => CheckIndex(result.GetValue(index))));

var deleteIndex = new Argument<int?>("INDEX") { Description = "The message to delete.", Arity = ArgumentArity.ZeroOrOne, CustomParser = result => ParseIndex(result) };
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
    if (which is { } given && CheckIndex(given) is { } wrong)
    {
        return Task.FromResult(Usage(wrong));
    }
    return Run(result, ct, async modem =>
    {
        if (which is { } one)
        {
            // Said before it is gone, so that a wrong index is noticed: what it was, from whom, in how many parts.
            var message = await modem.ReadMessageAsync(one, ct)
                ?? throw new XsmsException($"There is no message at index {one}; nothing was deleted.", ExitCodes.ModemError);
            await modem.DeleteMessageAsync(one, ct);
            var parts = message.Parts.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({message.Parts.Count} parts)") : "";
            Console.WriteLine($"deleted #{message.Index} {message.Status.ToString().ToLowerInvariant()} {message.Address}{parts}: {Preview(message.Text)}");
        }
        else
        {
            var count = (await modem.ListMessagesAsync(SmsFilter.All, ct)).Count;
            await modem.DeleteAllMessagesAsync(ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"deleted {count} message(s)"));
        }
        return ExitCodes.Success;
    });
});

var number = new Argument<string>("NUMBER") { Description = "The recipient, e.g. +420775123456." };
var text = new Argument<string>("TEXT") { Description = "The text: any language, emoji too, any length (sent in parts)." };
var send = new Command("send", "Send a text message and print the reference of each part.") { number, text, report, json };
send.SetAction((result, ct) => Run(result, ct, async modem =>
{
    if (result.GetValue(report))
    {
        return await Reports.SendAndWaitAsync(modem, result.GetValue(number)!, result.GetValue(text)!, result.GetValue(json),
            TimeSpan.FromSeconds(result.GetValue(timeout) ?? 60), ct);
    }
    var references = await modem.SendMessageAsync(result.GetValue(number)!, result.GetValue(text)!, ct);
    Console.WriteLine(result.GetValue(json)
        ? JsonSerializer.Serialize(new SendJson(references), XsmsJson.Output.SendJson)
        : string.Join('\n', references.Select(r => r.ToString(CultureInfo.InvariantCulture))));
    return ExitCodes.Success;
}, check: () => CheckNumber(result.GetValue(number)!) ?? CheckText(result.GetValue(text)!)));

var follow = new Option<bool>("--follow") { Description = "Print every fix until stopped (Ctrl-C: 130, SIGTERM: 0)." };
var nmea = new Option<bool>("--nmea") { Description = "With --follow: print NMEA 0183 sentences instead of text." };
var nmeaServer = new Option<System.Net.IPEndPoint?>("--nmea-server") { Description = "With --follow: serve NMEA 0183 to TCP clients (gpsd) at [ADDRESS:]PORT (127.0.0.1 if no ADDRESS).", HelpName = "[ADDRESS:]PORT" };
nmeaServer.CustomParser = result => GpsNmeaServer.TryParseEndPoint(result.Tokens[0].Value, out var endPoint) ? endPoint
    : Refuse<System.Net.IPEndPoint?>(result, $"--nmea-server takes [ADDRESS:]PORT, e.g. 10110 or 0.0.0.0:10110 ([::1]:10110 for IPv6), not '{result.Tokens[0].Value}'");
var gps = new Command("gps", "Wait for one GPS fix and print it (exit 4 when none arrives in time), or every fix with --follow.") { json, follow, nmea, nmeaServer };
gps.SetAction((result, ct) => result.GetValue(follow) || result.GetValue(nmea) || result.GetValue(nmeaServer) is not null
    ? GpsFollow.Check(result.GetValue(follow), result.GetValue(json), result.GetValue(nmea), result.GetValue(nmeaServer) is not null, result.GetValue(timeout)) is { } wrong ? Task.FromResult(Usage(wrong))
    : Run(result, ct, modem => GpsFollow.RunAsync(modem, GpsFollow.Format(result.GetValue(json), result.GetValue(nmea)), result.GetValue(nmeaServer), ct))
    : Run(result, ct, async modem =>
{
    var wait = TimeSpan.FromSeconds(result.GetValue(timeout) ?? 60);
    var fix = await modem.TryGetFixAsync(wait, ct);
    if (fix is null)
    {
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"xsms: No GPS fix arrived within {wait.TotalSeconds:0.#} s; try again outdoors or with a longer --timeout."));
        return ExitCodes.NoFix;
    }
    Console.WriteLine(result.GetValue(json)
        ? JsonSerializer.Serialize(FixJson.From(fix), XsmsJson.Output.FixJson)
        : string.Create(CultureInfo.InvariantCulture,
            $"{fix.Latitude:0.000000} {fix.Longitude:0.000000} alt {fix.AltitudeMeters:0.#} m, {fix.TimeUtc:yyyy-MM-dd HH:mm:ss}Z, {fix.Satellites.Count} satellites"));
    return ExitCodes.Success;
}));

var info = new Command("info", "Print model, firmware, IMEI, operator, signal, SIM state and retries left.") { json };
info.SetAction((result, ct) => Run(result, ct, async modem =>
{
    var about = await modem.GetInfoAsync(ct);
    if (result.GetValue(json))
    {
        Console.WriteLine(JsonSerializer.Serialize(InfoJson.From(about), XsmsJson.Output.InfoJson));
        return ExitCodes.Success;
    }
    Console.WriteLine($"model:     {about.Model}");
    Console.WriteLine($"firmware:  {about.Firmware}");
    Console.WriteLine($"imei:      {about.Imei}");
    Console.WriteLine($"operator:  {about.Operator ?? "(not registered)"}");
    Console.WriteLine($"signal:    {(about.SignalDbm is { } dbm ? dbm.ToString(CultureInfo.InvariantCulture) + " dBm" : "unknown")}");
    Console.WriteLine($"sim:       {about.SimState}");
    Console.WriteLine($"pin left:  {about.PinRetries?.Pin.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
    Console.WriteLine($"puk left:  {about.PinRetries?.Puk.ToString(CultureInfo.InvariantCulture) ?? "unknown"}");
    return ExitCodes.Success;
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
    return ExitCodes.Success;
}));

var watch = new Command("watch", "Print each new message and delivery report as it arrives (Ctrl-C stops).") { json };
watch.SetAction((result, ct) => Run(result, ct, async modem =>
{
    using var readerGone = new CancellationTokenSource();
    ReaderGone.CancelWhenGone(readerGone);
    using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, readerGone.Token);
    var printing = new Lock();
    var asJson = result.GetValue(json);
    try
    {
        await Watching.BothAsync(
            modem.WatchMessagesAsync(either.Token),
            message =>
            {
                lock (printing)
                {
                    if (asJson)
                    {
                        Console.WriteLine(JsonSerializer.Serialize(MessageJson.From(message), XsmsJson.Output.MessageJson));
                    }
                    else
                    {
                        PrintMessage(message);
                    }
                }
            },
            modem.WatchDeliveryReportsAsync(either.Token),
            delivery =>
            {
                lock (printing)
                {
                    Reports.Print(delivery, asJson);
                }
            },
            either.Token);
    }
    catch (OperationCanceledException) when (readerGone.IsCancellationRequested && !ct.IsCancellationRequested)
    {
        // Nobody reads any more (`xsms watch | head -1`): the stream ends as its reader wished.
    }
    return ExitCodes.Success; // otherwise the stream ends only by Ctrl-C (130) or a vanished port (1)
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
root.Subcommands.Add(UssdCommand.Create((result, ct, body, check) => Run(result, ct, body, check: check)));

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // A typo is named, rather than reported as a missing command; our own parsers' words come before the library's.
    var commands = string.Join(", ", root.Subcommands.Select(c => c.Name));
    var where = parsed.CommandResult.Command == root ? "xsms" : "xsms " + parsed.CommandResult.Command.Name;
    return Usage(parsed.UnmatchedTokens.Count > 0
        ? parsed.UnmatchedTokens[0].StartsWith('-') ? $"'{parsed.UnmatchedTokens[0]}' is not an option of {where}"
        : parsed.CommandResult.Command == root ? $"'{parsed.UnmatchedTokens[0]}' is not a command of xsms (commands: {commands})"
        : $"'{parsed.UnmatchedTokens[0]}' is not an argument of {where}"
        : parsed.CommandResult.Command == root ? $"Give a command: {commands}"
        : parsed.Errors[0].Message);
}
// gps --follow handles SIGINT and SIGTERM itself (GpsFollow.cs), to tell them apart.
return await parsed.InvokeAsync(parsed.CommandResult.Command == gps && parsed.GetValue(follow) ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null);

static int ParseIndex(System.CommandLine.Parsing.ArgumentResult result)
{
    var token = result.Tokens[0].Value;
    return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
        : Refuse<int>(result, $"INDEX is a message's place on the SIM, a whole number from 0 to {int.MaxValue}, not '{token}'");
}

static T Refuse<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
{
    result.AddError(message);
    return default!;
}

static string Preview(string text)
{
    var line = text.ReplaceLineEndings(" ");
    return line.Length <= 40 ? line : string.Concat(line.AsSpan(0, 39), "…");
}

static int Usage(string message)
{
    Console.Error.WriteLine($"xsms: {message.TrimEnd('.')}. Try 'xsms --help'.");
    return ExitCodes.Usage;
}

static int Fail(string message, int exitCode)
{
    Console.Error.WriteLine($"xsms: {message}");
    return exitCode;
}

// The library refuses these too (ArgumentException); checking first lets xsms say what is wrong in its own words.
static string? CheckPin(string? pin) =>
    pin is null || (pin.Length is >= 4 and <= 8 && pin.All(char.IsAsciiDigit)) ? null : "--pin takes the SIM PIN, 4 to 8 digits";

static string? CheckIndex(int index) => index >= 0 ? null : $"INDEX is a message's place on the SIM, 0 or more, not {index}";

static string? CheckNumber(string number)
{
    var digits = number.StartsWith('+') ? number[1..] : number;
    return digits.Length is > 0 and <= 20 && digits.All(char.IsAsciiDigit) ? null : $"'{number}' is not a phone number (up to 20 digits, optionally after a +)";
}

static string? CheckText(string text) =>
    // A message has at most 255 parts (TS 23.040 9.2.3.24.1): 255 x 153 GSM characters, fewer in UCS-2 (checked by the driver).
    text.Length > 255 * 153 ? string.Create(CultureInfo.InvariantCulture, $"The text has {text.Length} characters; a message holds at most 255 parts") : null;

static string? CheckFormat(string? format)
{
    if (format is null)
    {
        return null;
    }
    try
    {
        _ = string.Format(CultureInfo.InvariantCulture, format, 0);
        return null;
    }
    catch (FormatException)
    {
        return $"The format '{format}' is not valid; use {{0}} for the count and {{{{ }}}} for braces";
    }
}

static string SimMessage(SimLockedException e, bool pinGiven) => e switch
{
    { PinRefused: true } => $"The SIM refused the PIN{Left(e.AttemptsLeft)}; xsms does not try it again, so check it and unlock the SIM by hand.",
    { State: SimState.PinRequired, AttemptsLeft: < 3 } when pinGiven =>
        $"The SIM has {e.AttemptsLeft} PIN attempt(s) left, so a PIN failed before; xsms does not send --pin again, so unlock the SIM by hand.",
    { State: SimState.PinRequired } => $"The SIM is locked; give its PIN with --pin{Left(e.AttemptsLeft)}.",
    { State: SimState.PukRequired } => $"The SIM is blocked and needs its PUK{Left(e.AttemptsLeft)}; unblock it in a phone.",
    { State: SimState.Absent } => "There is no SIM in the modem.",
    _ => $"The SIM is not usable ({e.State}).",
};

static string Left(int? attempts) => attempts is { } n ? string.Create(CultureInfo.InvariantCulture, $" ({n} attempt(s) left)") : "";

static string ModemMessage(ModemErrorException e) => e.Kind switch
{
    ModemErrorKind.Cme => string.Create(CultureInfo.InvariantCulture, $"The modem refused {e.Command} (+CME ERROR: {e.Code}, {e.Meaning})."),
    ModemErrorKind.Cms => string.Create(CultureInfo.InvariantCulture, $"The modem could not handle {e.Command} (+CMS ERROR: {e.Code}, {e.Meaning})."),
    _ => $"The modem refused {e.Command} (ERROR); it may not support it.",
};

// XDG Base Directory Specification 0.8: $XDG_STATE_HOME, an absolute path, else $HOME/.local/state.
static string? StateDirectory()
{
    var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
    if (string.IsNullOrEmpty(state) || !Path.IsPathFullyQualified(state))
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home) || !Path.IsPathFullyQualified(home))
        {
            return null;
        }
        state = Path.Combine(home, ".local", "state");
    }
    return Path.Combine(state, "xsms");
}

static void PrintMessage(SmsMessage message)
{
    var when = message.Timestamp?.ToString("yyyy-MM-dd HH:mm:sszzz", CultureInfo.InvariantCulture) ?? "-";
    var missing = message.IsComplete ? "" : $" (part {string.Join(", ", message.MissingParts.Select(p => p.ToString(CultureInfo.InvariantCulture)))} not arrived yet)";
    Console.WriteLine($"#{message.Index} {message.Status.ToString().ToLowerInvariant()} {message.Address} {when}{missing}");
    foreach (var line in message.Text.Split('\n'))
    {
        Console.WriteLine("  " + line);
    }
}

async Task<int> Run(ParseResult result, CancellationToken ct, Func<Modem, Task<int>> body, bool simulateArrivals = false, Func<string?>? check = null)
{
    var path = result.GetValue(device);
    var simulated = result.GetValue(simulate);
    if (path is null == !simulated)
    {
        return Usage("Give either --device PATH or --simulate");
    }
    var seconds = result.GetValue(timeout);
    // Written as a range check that NaN fails too (NaN compares false with everything).
    if (seconds is { } s && !(s >= 1 && s <= 3600))
    {
        return Usage("--timeout takes 1 to 3600 seconds");
    }
    if (path is { } given && string.IsNullOrWhiteSpace(given))
    {
        return Usage("--device takes the path of the modem's AT port, e.g. /dev/ttyACM0");
    }
    if ((CheckPin(result.GetValue(pin)) ?? check?.Invoke()) is { } wrong)
    {
        return Usage(wrong);
    }
    // For gps and send --report, --timeout is the wait for a fix or the reports; for every other command it is the wait for each reply.
    var waitsForEvents = result.CommandResult.Command.Name == "gps" || (result.CommandResult.Command.Name == "send" && result.GetValue(report));
    var options = new ModemOptions
    {
        Pin = result.GetValue(pin),
        CommandTimeout = seconds is { } wait && !waitsForEvents ? TimeSpan.FromSeconds(wait) : new ModemOptions().CommandTimeout,
        UssdTimeout = seconds is { } ussdWait ? TimeSpan.FromSeconds(ussdWait) : new ModemOptions().UssdTimeout,
        // Unread until seen: count marks nothing, list and read do; the simulator's SIM starts afresh every run.
        UnreadStateDirectory = simulated ? null : StateDirectory(),
    };
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
    catch (OperationCanceledException) when (ct.IsCancellationRequested)
    {
        return ExitCodes.Interrupted;
    }
    catch (IOException)
    {
        // Only writing our output throws it here (the driver reports port trouble as ModemException): whoever read it
        // has gone (`xsms watch | head -1`), so there is nothing more to do, as with a stream ended by its reader.
        return ExitCodes.Success;
    }
    catch (MessagePartlySentException e)
    {
        var sent = string.Join(", ", e.SentReferences.Select(r => r.ToString(CultureInfo.InvariantCulture)));
        var why = e.InnerException is ModemErrorException error ? ModemMessage(error) : "The modem stopped answering.";
        return Fail(string.Create(CultureInfo.InvariantCulture,
            $"Only {e.SentReferences.Count} of {e.PartCount} parts were sent (references {sent}); part {e.SentReferences.Count + 1} failed. {why}"), ExitCodes.ModemError);
    }
    catch (SimLockedException e)
    {
        return Fail(SimMessage(e, result.GetValue(pin) is not null), ExitCodes.SimLocked);
    }
    catch (ModemErrorException e)
    {
        return Fail(ModemMessage(e), ExitCodes.ModemError);
    }
    catch (ModemTimeoutException e)
    {
        return Fail(string.Create(CultureInfo.InvariantCulture,
            $"The modem did not answer {e.Command} within {e.Timeout.TotalSeconds:0.#} s; if it stays silent, try 'xsms reset --reboot'."), ExitCodes.ModemError);
    }
    catch (ModemDisconnectedException e)
    {
        // The library's sentence says which port and what to do (ModemManager, dialout, unplugged).
        return Fail(e.Message, ExitCodes.ModemError);
    }
    catch (XsmsException e)
    {
        return Fail(e.Message, e.ExitCode);
    }
    catch (DllNotFoundException)
    {
        // A NativeAOT xsms copied without the serial-port library that publishing puts beside it.
        return Fail("xsms cannot open serial ports: libSystem.IO.Ports.Native.so is missing beside it; copy the whole published folder.", ExitCodes.ModemError);
    }
    catch (ArgumentException e)
    {
        // A value the checks above let through: name it, in our words.
        return Usage(e.ParamName switch
        {
            "text" => "The text cannot be sent: it needs more than 255 parts, or the modem refused PDU mode and then takes only 160 ASCII characters",
            "number" => "NUMBER is not a phone number (up to 20 digits, optionally after a +)",
            { } name => $"The value given for {name} is not accepted by the modem driver",
            _ => "A value given is not accepted by the modem driver",
        });
    }
    finally
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }
    }
}
