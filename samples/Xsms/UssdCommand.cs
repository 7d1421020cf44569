using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Drivers.Em73xx;
using Drivers.Em73xx.Ussd;

namespace Xsms;

/// <summary>
/// <c>xsms ussd CODE [--reply] [--json]</c>: sends a USSD code (balance, top-up, operator menus) and prints the network's
/// answer; with <c>--reply</c>, answers a menu from the terminal or from lines on standard input.
/// </summary>
internal static class UssdCommand
{
    /// <summary>Runs a command's body against the opened modem, as Program.cs does for every command.</summary>
    public delegate Task<int> Runner(ParseResult result, CancellationToken cancellationToken, Func<Modem, Task<int>> body, Func<string?> check);

    public static Command Create(Runner run)
    {
        var code = new Argument<string>("CODE") { Description = "The USSD code, e.g. *101# (quote it: # starts a shell comment after a space)." };
        var reply = new Option<bool>("--reply") { Description = "Answer menus: prompt on the terminal, or read one answer per line from standard input." };
        var json = new Option<bool>("--json") { Description = "Print JSON (camelCase) instead of text, one object per answer." };
        var command = new Command("ussd", "Send a USSD code (e.g. *101# for the balance) and print the network's answer.") { code, reply, json };
        command.SetAction((result, ct) => run(result, ct, async modem =>
        {
            var asJson = result.GetValue(json);
            try
            {
                await using var session = await modem.SendUssdAsync(result.GetValue(code)!, ct);
                Print(session.Response, asJson);
                while (session.IsWaitingForReply)
                {
                    if (!result.GetValue(reply))
                    {
                        await session.CancelAsync(ct);
                        Console.Error.WriteLine("xsms: The network waits for an answer to this menu; the session was cancelled. Add --reply to answer it.");
                        return ExitCodes.Success;
                    }
                    var answer = await ReadAnswerAsync(ct);
                    if (answer is null)
                    {
                        await session.CancelAsync(ct);
                        Console.Error.WriteLine("xsms: No answer was given (end of input); the session was cancelled.");
                        return ExitCodes.Success;
                    }
                    if (CheckAnswer(answer) is { } wrong)
                    {
                        await session.CancelAsync(ct);
                        Console.Error.WriteLine($"xsms: {wrong}; the session was cancelled.");
                        return ExitCodes.Usage;
                    }
                    Print(await session.ReplyAsync(answer, ct), asJson);
                }
                return ExitCodes.Success;
            }
            catch (UssdException e)
            {
                throw new XsmsException(Sentence(e, result.GetValue(code)!), e.Reason switch
                {
                    UssdFailure.Refused => ExitCodes.UssdRefused,
                    UssdFailure.TimedOut => ExitCodes.UssdTimedOut,
                    _ => ExitCodes.UssdEnded,
                });
            }
        }, () => CheckCode(result.GetValue(code)!)));
        return command;
    }

    private static string? CheckCode(string code) =>
        code.Length is > 0 and <= 182 && code.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+') ? null
            : $"'{code}' is not a USSD code: up to 182 digits, '*', '#' and '+', such as *101#";

    private static string? CheckAnswer(string answer) =>
        answer.Length <= 182 && answer.All(c => char.IsAsciiLetterOrDigit(c) || c is '*' or '#' or '+' or ' ') ? null
            : $"'{answer}' cannot be sent as an answer: up to 182 letters, digits, spaces, '*', '#' and '+'";

    // One answer: the next line that is not blank; null at the end of input. The prompt is shown only on a terminal.
    private static async Task<string?> ReadAnswerAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!Console.IsInputRedirected)
            {
                Console.Error.Write("answer> ");
            }
            var line = await Console.In.ReadLineAsync(cancellationToken).AsTask().WaitAsync(cancellationToken);
            if (line is null || line.Trim().Length > 0)
            {
                return line?.Trim();
            }
        }
    }

    private static void Print(UssdResponse response, bool asJson) =>
        Console.WriteLine(asJson ? JsonSerializer.Serialize(new UssdJson(response.Text, response.WaitsForReply), XsmsJson.Output.UssdJson)
            : response.Text.ReplaceLineEndings("\n"));

    private static string Sentence(UssdException e, string code) => e.Reason switch
    {
        UssdFailure.Refused when e.ErrorCode is { } error and >= 0 => string.Create(CultureInfo.InvariantCulture,
            $"The modem refused the USSD code {code} (+CME ERROR: {error}{Meaning(e)}); check the signal and that the SIM offers the service."),
        UssdFailure.Refused when e.ErrorCode is not null => $"The modem refused the USSD code {code} (ERROR); it may not support USSD.",
        UssdFailure.Refused => $"The network does not offer the USSD code {code}; check the code with your operator.",
        UssdFailure.TimedOut => $"The network did not answer {code} in time; try again later, or with a longer --timeout.",
        UssdFailure.EndedByNetwork when !string.IsNullOrWhiteSpace(e.NetworkText) =>
            $"The network ended the USSD session, saying: {e.NetworkText.ReplaceLineEndings(" ")}",
        UssdFailure.EndedByNetwork => "The network ended the USSD session.",
        _ => "Another program on the modem answered the USSD session; close it and try again.",
    };

    private static string Meaning(UssdException e) => e.InnerException is ModemErrorException { Meaning: { Length: > 0 } meaning } ? ", " + meaning : "";
}

/// <summary>An answer as <c>ussd --json</c> prints it.</summary>
internal sealed record UssdJson(string Text, bool WaitsForReply);
