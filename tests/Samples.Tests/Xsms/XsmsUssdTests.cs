using System.Runtime.Versioning;
using System.Text.Json;
using Drivers.Em73xx.Simulation;
using Samples.Tests.Infrastructure;

namespace Samples.Tests.Xsms;

/// <summary><c>xsms ussd</c> as a process against the simulated EM7345 and its network on a real pseudo-terminal.</summary>
[SupportedOSPlatform("linux")]
public sealed class XsmsUssdTests : IAsyncDisposable
{
    private readonly SimulatedXsms _xsms = new();

    public ValueTask DisposeAsync() => _xsms.DisposeAsync();

    private Task<SampleResult> RunAsync(string? input, params string[] arguments) => _xsms.RunAsync(input, arguments);

    [Fact]
    public async Task The_balance_is_printed_as_the_network_wrote_it()
    {
        var result = await RunAsync(null, "ussd", SimulatedModem.UssdBalanceCode);

        Assert.Equal((0, "Your balance is 12.50 EUR, valid until 31.12.2026.\n", ""), (result.ExitCode, result.StandardOutput, result.StandardError));
        Assert.Equal([SimulatedModem.UssdBalanceCode], _xsms.Modem.UssdRequests);
    }

    [Fact]
    public async Task Ucs2_text_comes_out_as_json()
    {
        var result = await RunAsync(null, "ussd", SimulatedModem.UssdCzechBalanceCode, "--json");

        Assert.Equal(0, result.ExitCode);
        using var document = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("Zůstatek kreditu: 250,00 Kč. Platnost do 31. 12. 2026.", document.RootElement.GetProperty("text").GetString());
        Assert.False(document.RootElement.GetProperty("waitsForReply").GetBoolean());
    }

    [Fact]
    public async Task A_menu_without_reply_is_printed_then_cancelled_with_a_hint()
    {
        var result = await RunAsync(null, "ussd", SimulatedModem.UssdMenuCode);

        Assert.Equal((0, "Main menu\n1 Balance\n2 Data packages\n"), (result.ExitCode, result.StandardOutput));
        Assert.Equal("xsms: The network waits for an answer to this menu; the session was cancelled. Add --reply to answer it.\n", result.StandardError);
        Assert.Contains("AT+CUSD=2", _xsms.Modem.ReceivedCommands);
        Assert.False(_xsms.Modem.UssdSessionOpen);
    }

    [Fact]
    public async Task The_two_step_menu_is_answered_from_piped_standard_input()
    {
        var result = await RunAsync("2\n\n1\n", "ussd", SimulatedModem.UssdMenuCode, "--reply", "--json");

        Assert.Equal((0, ""), (result.ExitCode, result.StandardError));
        var answers = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonSerializer.Deserialize<JsonElement>(line))
            .Select(json => (json.GetProperty("text").GetString(), json.GetProperty("waitsForReply").GetBoolean()))
            .ToList();
        Assert.Equal(3, answers.Count);
        Assert.True(answers[0].Item2);
        Assert.StartsWith("Datové balíčky:", answers[1].Item1, StringComparison.Ordinal);
        Assert.Equal(("Objednáno: 1 GB za 99 Kč.", false), answers[2]);
        Assert.Equal([SimulatedModem.UssdMenuCode, "2", "1"], _xsms.Modem.UssdRequests); // the blank line was no answer
    }

    [Fact]
    public async Task Input_that_ends_before_the_menu_is_answered_cancels_the_session()
    {
        var result = await RunAsync("2\n", "ussd", SimulatedModem.UssdMenuCode, "--reply");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("xsms: No answer was given (end of input); the session was cancelled.\n", result.StandardError);
        Assert.False(_xsms.Modem.UssdSessionOpen);
    }

    [Theory]
    [InlineData("9\n", 7, "xsms: The network ended the USSD session, saying: Invalid choice.\n")]
    [InlineData("1\"\n", 2, "xsms: '1\"' cannot be sent as an answer: up to 182 letters, digits, spaces, '*', '#' and '+'; the session was cancelled.\n")]
    public async Task A_wrong_answer_to_the_menu_says_what_happened(string input, int exitCode, string stderr)
    {
        var result = await RunAsync(input, "ussd", SimulatedModem.UssdMenuCode, "--reply");

        Assert.Equal((exitCode, stderr), (result.ExitCode, result.StandardError));
        Assert.False(_xsms.Modem.UssdSessionOpen);
    }

    [Theory]
    [InlineData("*999#", 5, "xsms: The network does not offer the USSD code *999#; check the code with your operator.\n")]
    [InlineData(SimulatedModem.UssdNoServiceCode, 5, "xsms: The modem refused the USSD code *105# (+CME ERROR: 30, no network service); check the signal and that the SIM offers the service.\n")]
    [InlineData(SimulatedModem.UssdNetworkTimeoutCode, 6, "xsms: The network did not answer *107# in time; try again later, or with a longer --timeout.\n")]
    [InlineData("balance", 2, "xsms: 'balance' is not a USSD code: up to 182 digits, '*', '#' and '+', such as *101#. Try 'xsms --help'.\n")]
    public async Task A_code_that_gets_no_answer_exits_with_its_code_and_one_sentence(string code, int exitCode, string stderr)
    {
        var result = await RunAsync(null, "ussd", code);

        Assert.Equal((exitCode, "", stderr), (result.ExitCode, result.StandardOutput, result.StandardError));
    }

    [Fact]
    public async Task No_answer_within_the_timeout_exits_6_and_cancels_the_session()
    {
        var result = await RunAsync(null, "--timeout", "1", "ussd", SimulatedModem.UssdSilentCode);

        Assert.Equal((6, "xsms: The network did not answer *106# in time; try again later, or with a longer --timeout.\n"), (result.ExitCode, result.StandardError));
        Assert.Contains("AT+CUSD=2", _xsms.Modem.ReceivedCommands);
    }

    [Fact]
    public async Task A_locked_sim_exits_3()
    {
        await _xsms.ReplaceModemAsync(new SimulatedModemOptions { PinLocked = true });

        var result = await RunAsync(null, "ussd", SimulatedModem.UssdBalanceCode);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("xsms: The SIM is locked; give its PIN with --pin", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(_xsms.Modem.UssdRequests);
    }
}
