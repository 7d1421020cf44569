using System.Text;
using Drivers.Em73xx.Simulation;
using Microsoft.Extensions.Time.Testing;
using static Drivers.Em73xx.Tests.Device.SimulatorWaits;

namespace Drivers.Em73xx.Tests.Device;

// SendUssdAsync and its sessions (TS 27.007 7.15) against the simulated network's services.
public sealed class UssdTests
{
    // AT+CSCS is the host's to choose; the tests set it as another program on the port would.
    private static async Task SetCharsetAsync(SimulatedModem simulator, string charset)
    {
        await using var other = simulator.OpenStream();
        await other.WriteAsync(Encoding.ASCII.GetBytes($"AT+CSCS=\"{charset}\"\r"), Token);
        var reply = new StringBuilder();
        var buffer = new byte[256];
        while (!reply.ToString().Contains("OK", StringComparison.Ordinal))
        {
            var read = await other.ReadAsync(buffer, Token).AsTask().WaitAsync(Guard, Token);
            Assert.NotEqual(0, read);
            reply.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    [Theory]
    [InlineData(SimulatedModem.UssdBalanceCode, "IRA", "Your balance is 12.50 EUR, valid until 31.12.2026.")]
    [InlineData(SimulatedModem.UssdBalanceCode, "UCS2", "Your balance is 12.50 EUR, valid until 31.12.2026.")]
    [InlineData(SimulatedModem.UssdBalanceCode, "GSM", "Your balance is 12.50 EUR, valid until 31.12.2026.")]
    [InlineData(SimulatedModem.UssdDataCode, "IRA", "Data left: 1.5 GB of 5 GB (until 15.12.).")]
    [InlineData(SimulatedModem.UssdCzechBalanceCode, "IRA", "Zůstatek kreditu: 250,00 Kč. Platnost do 31. 12. 2026.")]
    [InlineData(SimulatedModem.UssdCzechBalanceCode, "UCS2", "Zůstatek kreditu: 250,00 Kč. Platnost do 31. 12. 2026.")]
    public async Task A_code_is_answered_with_text_decoded_from_the_form_the_modem_gives(string code, string charset, string expected)
    {
        await using var simulator = new SimulatedModem();
        await SetCharsetAsync(simulator, charset);
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        await using var session = await modem.SendUssdAsync(code, Token).WaitAsync(Guard, Token);

        Assert.Equal(expected, session.Response.Text);
        Assert.False(session.Response.WaitsForReply);
        Assert.False(session.IsWaitingForReply);
        Assert.Equal([code], simulator.UssdRequests);
    }

    [Fact]
    public async Task A_two_step_menu_is_answered_within_one_session()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        await using var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);
        Assert.Equal("Main menu\n1 Balance\n2 Data packages", session.Response.Text);
        Assert.True(session.IsWaitingForReply);

        var second = await session.ReplyAsync("2", Token).WaitAsync(Guard, Token);
        Assert.StartsWith("Datové balíčky:\n1 1 GB za 99 Kč", second.Text, StringComparison.Ordinal);
        Assert.True(second.WaitsForReply);

        var last = await session.ReplyAsync("1", Token).WaitAsync(Guard, Token);
        Assert.Equal("Objednáno: 1 GB za 99 Kč.", last.Text);
        Assert.False(session.IsWaitingForReply);
        Assert.Same(last, session.Response);
        Assert.Equal([SimulatedModem.UssdMenuCode, "2", "1"], simulator.UssdRequests);
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ReplyAsync("1", Token));
    }

    [Fact]
    public async Task A_second_reply_while_the_first_is_on_its_way_is_refused_so_no_answer_is_lost()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);

        var first = session.ReplyAsync("2", Token);
        var second = session.ReplyAsync("1", Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => second.WaitAsync(Guard, Token));
        Assert.StartsWith("Datové balíčky:", (await first.WaitAsync(Guard, Token)).Text, StringComparison.Ordinal);
        Assert.Equal([SimulatedModem.UssdMenuCode, "2"], simulator.UssdRequests); // nothing ordered behind the caller's back
        Assert.True(session.IsWaitingForReply);
    }

    [Fact]
    public async Task A_wrong_choice_ends_the_session_from_the_network_side()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);

        var error = await Assert.ThrowsAsync<UssdException>(() => session.ReplyAsync("9", Token).WaitAsync(Guard, Token));

        Assert.Equal(UssdFailure.EndedByNetwork, error.Reason);
        Assert.Equal("Invalid choice.", error.NetworkText);
        Assert.False(session.IsWaitingForReply);
        await using var next = await modem.SendUssdAsync(SimulatedModem.UssdBalanceCode, Token).WaitAsync(Guard, Token); // a new one may start
    }

    [Theory]
    [InlineData("*999#", UssdFailure.Refused, null)]
    [InlineData(SimulatedModem.UssdNoServiceCode, UssdFailure.Refused, 30)]
    [InlineData(SimulatedModem.UssdNetworkTimeoutCode, UssdFailure.TimedOut, null)]
    public async Task A_code_the_network_or_the_modem_refuses_throws_its_reason(string code, UssdFailure reason, int? errorCode)
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        var error = await Assert.ThrowsAsync<UssdException>(() => modem.SendUssdAsync(code, Token).WaitAsync(Guard, Token));

        Assert.Equal((reason, errorCode), (error.Reason, error.ErrorCode));
    }

    [Fact]
    public async Task No_answer_within_the_timeout_throws_and_cancels_the_session()
    {
        var time = new FakeTimeProvider();
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { TimeProvider = time, UssdTimeout = TimeSpan.FromSeconds(20), CommandTimeout = TimeSpan.FromSeconds(60) }, Token);
        var sent = HandledStartingWithAsync(simulator, "AT+CUSD=1,");
        var cancelled = HandledStartingWithAsync(simulator, "AT+CUSD=2");

        var send = modem.SendUssdAsync(SimulatedModem.UssdSilentCode, Token);
        await sent.WaitAsync(Guard, Token);
        time.Advance(TimeSpan.FromSeconds(19)); // the modem's OK needs no time: only the network's answer is awaited
        Assert.False(send.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<UssdException>(() => send.WaitAsync(Guard, Token));
        Assert.Equal(UssdFailure.TimedOut, error.Reason);
        await cancelled.WaitAsync(Guard, Token);
    }

    [Fact]
    public async Task Cancelling_the_wait_cancels_the_session()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var sent = HandledStartingWithAsync(simulator, "AT+CUSD=1,");
        var cancelled = HandledStartingWithAsync(simulator, "AT+CUSD=2");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);

        var send = modem.SendUssdAsync(SimulatedModem.UssdSilentCode, stop.Token);
        await sent.WaitAsync(Guard, Token);
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send.WaitAsync(Guard, Token));
        await cancelled.WaitAsync(Guard, Token);
    }

    [Fact]
    public async Task Disposing_a_session_that_waits_for_a_reply_cancels_it()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);
        Assert.True(simulator.UssdSessionOpen);

        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.False(simulator.UssdSessionOpen);
        Assert.Single(simulator.ReceivedCommands, c => c == "AT+CUSD=2");
        await Assert.ThrowsAsync<InvalidOperationException>(() => session.ReplyAsync("1", Token));
    }

    [Fact]
    public async Task Disposing_the_modem_cancels_a_session_left_waiting()
    {
        await using var simulator = new SimulatedModem();
        var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        _ = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);

        await modem.DisposeAsync();

        Assert.False(simulator.UssdSessionOpen);
    }

    [Fact]
    public async Task A_second_session_is_refused_while_the_first_waits_for_a_reply()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var first = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);

        await Assert.ThrowsAsync<InvalidOperationException>(() => modem.SendUssdAsync(SimulatedModem.UssdBalanceCode, Token));
        await first.CancelAsync(Token);
        await using var second = await modem.SendUssdAsync(SimulatedModem.UssdBalanceCode, Token).WaitAsync(Guard, Token);

        Assert.StartsWith("Your balance", second.Response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("*101#\"\r\nAT+CFUN=16\r")]
    [InlineData("*101#;+CFUN=16")]
    [InlineData("balance")]
    public async Task A_code_that_is_not_one_is_refused_before_anything_is_sent(string code)
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var before = simulator.ReceivedCommands.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => modem.SendUssdAsync(code, Token));

        Assert.Equal(before, simulator.ReceivedCommands.Count);
    }

    [Fact]
    public async Task An_answer_with_a_quote_is_refused_before_anything_is_sent()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);

        await Assert.ThrowsAsync<ArgumentException>(() => session.ReplyAsync("1\",15\rAT+CFUN=16", Token));

        Assert.True(session.IsWaitingForReply);
        Assert.Equal([SimulatedModem.UssdMenuCode], simulator.UssdRequests);
    }

    [Fact]
    public async Task A_locked_sim_is_reported_as_locked()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        var error = await Assert.ThrowsAsync<SimLockedException>(() => modem.SendUssdAsync(SimulatedModem.UssdBalanceCode, Token).WaitAsync(Guard, Token));

        Assert.Equal(Sim.SimState.PinRequired, error.State);
    }

    [Fact]
    public async Task New_messages_keep_coming_to_a_watch_while_a_ussd_session_runs()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var indicationsOn = HandledStartingWithAsync(simulator, "AT+CNMI=2,1,0,0,0");
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var next = watch.MoveNextAsync().AsTask();
        await indicationsOn.WaitAsync(Guard, Token);

        await using var session = await modem.SendUssdAsync(SimulatedModem.UssdMenuCode, Token).WaitAsync(Guard, Token);
        simulator.DeliverMessage("+420775123456", "while in the menu");
        var answer = await session.ReplyAsync("1", Token).WaitAsync(Guard, Token);

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal("while in the menu", watch.Current.Text);
        Assert.StartsWith("Your balance", answer.Text, StringComparison.Ordinal);
    }
}
