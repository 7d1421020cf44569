using Drivers.Em73xx.Protocol;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Em73xx.Tests.Transport;

public sealed class AtChannelTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_is_its_information_lines_up_to_OK()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CPIN?", Long, Token);

        Assert.Equal("AT+CPIN?", await modem.ReceiveAsync(Token));
        await modem.SendAsync("AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n", Token);

        Assert.Equal(["+CPIN: READY"], await reply);
    }

    [Fact]
    public async Task Unsolicited_codes_between_command_and_reply_are_delivered_not_mistaken_for_the_reply()
    {
        await using var modem = new ScriptedModem();
        using var subscription = modem.Channel.Subscribe();
        var reply = modem.Channel.ExecuteAsync("AT+CGSN", Long, Token);
        await modem.ReceiveAsync(Token);

        await modem.SendAsync("\r\n+CMTI: \"SM\",3\r\n\r\n013937006598898\r\n+XSIM: 12\r\n\r\nOK\r\n", Token);

        Assert.Equal(["013937006598898"], await reply);
        Assert.Equal("+CMTI: \"SM\",3", await subscription.Reader.ReadAsync(Token));
        Assert.Equal("+XSIM: 12", await subscription.Reader.ReadAsync(Token));
    }

    [Fact]
    public async Task Error_results_become_typed_errors_with_code_and_meaning()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CMGS=\"1\"", Long, Token);
        await modem.ReceiveAsync(Token);
        await modem.SendAsync("\r\n+CMS ERROR: 330\r\n", Token);

        var error = await Assert.ThrowsAsync<ModemErrorException>(() => reply);
        Assert.Equal(ModemErrorKind.Cms, error.Kind);
        Assert.Equal(330, error.Code);
        Assert.Equal("SMSC address unknown", error.Meaning);
        Assert.Contains("+CMS ERROR: 330", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbose_errors_read_the_same_as_numeric_ones()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CMGF=1", Long, Token);
        await modem.ReceiveAsync(Token);
        await modem.SendAsync("\r\n+CME ERROR: SIM busy\r\n", Token);

        Assert.Equal(14, (await Assert.ThrowsAsync<ModemErrorException>(() => reply)).Code);
    }

    [Fact]
    public async Task The_prompt_is_found_byte_wise_and_the_text_follows_with_ctrl_z()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CMGS=\"+420775123456\"", Long, Token, payload: "hello");
        await modem.ReceiveAsync(Token);

        await modem.SendAsync("\r\n> ", Token); // no line end after the prompt
        Assert.Equal("hello\x1A", await modem.ReceiveRawAsync(6, Token));
        await modem.SendAsync("\r\n+CMGS: 17\r\n\r\nOK\r\n", Token);

        Assert.Equal(["+CMGS: 17"], await reply);
    }

    [Fact]
    public async Task A_command_times_out_on_the_injected_clock_and_the_next_one_works_after_a_second_of_grace()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var reply = modem.Channel.ExecuteAsync("AT+CSQ", TimeSpan.FromSeconds(5), Token);
        await modem.ReceiveAsync(Token);

        time.Advance(TimeSpan.FromSeconds(6));

        var timeout = await Assert.ThrowsAsync<ModemTimeoutException>(() => reply);
        Assert.Equal("AT+CSQ", timeout.Command);
        var next = modem.Channel.ExecuteAsync("AT", Long, Token);
        time.Advance(TimeSpan.FromSeconds(1)); // no late reply came
        Assert.Equal("AT+CMEE?", await modem.ReceiveAsync(Token)); // a reply is still owed: probe first
        await modem.SendAsync("\r\n+CMEE: 1\r\n\r\nOK\r\n", Token);
        Assert.Equal("AT", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\nOK\r\n", Token);
        Assert.Empty(await next);
    }

    [Fact]
    public async Task A_reply_later_than_the_grace_is_never_paired_with_the_next_command()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var list = modem.Channel.ExecuteAsync("AT+CMGL=4", TimeSpan.FromSeconds(5), Token);
        await modem.ReceiveAsync(Token);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<ModemTimeoutException>(() => list);
        time.Advance(TimeSpan.FromSeconds(1)); // the grace ends with no reply

        var read = modem.Channel.ExecuteAsync("AT+CMGR=7", Long, Token);

        Assert.Equal("AT+CMEE?", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\n+CMGL: 1,1,,5\r\n0001000000\r\n\r\nOK\r\n", Token); // the list's late reply
        await modem.SendAsync("\r\n+CMEE: 1\r\n\r\nOK\r\n", Token);
        Assert.Equal("AT+CMGR=7", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\n+CMGR: 0,,5\r\n0001000000\r\n\r\nOK\r\n", Token);
        Assert.Equal(["+CMGR: 0,,5", "0001000000"], await read);
    }

    [Fact]
    public async Task A_probe_answered_late_itself_is_not_taken_for_a_later_commands_reply()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var first = modem.Channel.ExecuteAsync("AT+CSQ", TimeSpan.FromSeconds(5), Token);
        await modem.ReceiveAsync(Token);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<ModemTimeoutException>(() => first);
        time.Advance(TimeSpan.FromSeconds(1));
        var second = modem.Channel.ExecuteAsync("AT+CGMM", TimeSpan.FromSeconds(5), Token);
        Assert.Equal("AT+CMEE?", await modem.ReceiveAsync(Token));
        time.Advance(TimeSpan.FromSeconds(6)); // the probe is not answered in time either
        await Assert.ThrowsAsync<ModemTimeoutException>(() => second);

        var third = modem.Channel.ExecuteAsync("AT+CGSN", Long, Token);
        Assert.Equal("AT+CMEE?", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\n+CSQ: 20,99\r\n\r\nOK\r\n\r\n+CMEE: 1\r\n\r\nOK\r\n", Token); // late: the command, the first probe
        Assert.Equal("AT+CGSN", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\n+CMEE: 1\r\n\r\nOK\r\n\r\n013937006598898\r\n\r\nOK\r\n", Token); // the second probe, then the IMEI

        Assert.Equal(["013937006598898"], await third);
    }

    [Fact]
    public async Task A_modem_that_never_answers_the_probe_is_probed_twice_then_spoken_to_again()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var first = modem.Channel.ExecuteAsync("AT+CSQ", TimeSpan.FromSeconds(5), Token);
        await modem.ReceiveAsync(Token);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<ModemTimeoutException>(() => first);
        time.Advance(TimeSpan.FromSeconds(1));

        for (var probe = 0; probe < 2; probe++)
        {
            var refused = modem.Channel.ExecuteAsync("AT", TimeSpan.FromSeconds(5), Token);
            Assert.Equal("AT+CMEE?", await modem.ReceiveAsync(Token)); // a firmware that never gives the marker
            time.Advance(TimeSpan.FromSeconds(6));
            var timeout = await Assert.ThrowsAsync<ModemTimeoutException>(() => refused);
            Assert.Equal("AT+CMEE?", timeout.Command); // the command that was really sent and not answered
        }

        var next = modem.Channel.ExecuteAsync("AT", Long, Token);
        Assert.Equal("AT", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\nOK\r\n", Token);
        Assert.Empty(await next);
    }

    [Fact]
    public async Task A_late_reply_to_a_timed_out_command_is_not_taken_for_the_next_commands()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var reply = modem.Channel.ExecuteAsync("AT+CSQ", TimeSpan.FromSeconds(5), Token);
        await modem.ReceiveAsync(Token);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<ModemTimeoutException>(() => reply);

        var next = modem.Channel.ExecuteAsync("AT+CGSN", Long, Token);
        await modem.SendAsync("\r\n+CSQ: 20,99\r\n\r\nOK\r\n", Token); // the late reply

        Assert.Equal("AT+CGSN", await modem.ReceiveAsync(Token)); // sent only now
        await modem.SendAsync("\r\n013937006598898\r\n\r\nOK\r\n", Token);
        Assert.Equal(["013937006598898"], await next);
    }

    [Fact]
    public async Task The_reply_to_a_canceled_command_is_awaited_before_the_next_command_is_sent()
    {
        await using var modem = new ScriptedModem();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var reply = modem.Channel.ExecuteAsync("AT+XLCSLSR=1,1,,,,,,,,,,", Long, cancel.Token);
        await modem.ReceiveAsync(Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reply);

        var stop = modem.Channel.ExecuteAsync("AT+XLSRSTOP", Long, Token);
        await modem.SendAsync("\r\n+XLCSLSR: request id 1\r\n\r\nOK\r\n", Token); // the canceled command's reply

        Assert.Equal("AT+XLSRSTOP", await modem.ReceiveAsync(Token));
        await modem.SendAsync("\r\nOK\r\n", Token);
        Assert.Empty(await stop); // not the request id line meant for the canceled command
    }

    [Fact]
    public async Task A_timed_out_send_at_the_prompt_is_aborted_with_escape()
    {
        var time = new FakeTimeProvider();
        await using var modem = new ScriptedModem(time);
        var reply = modem.Channel.ExecuteAsync("AT+CMGS=\"1\"", TimeSpan.FromSeconds(5), Token, payload: "x");
        await modem.ReceiveAsync(Token);

        time.Advance(TimeSpan.FromSeconds(6));

        await Assert.ThrowsAsync<ModemTimeoutException>(() => reply);
        Assert.Equal("\x1B", await modem.ReceiveRawAsync(1, Token));
    }

    [Fact]
    public async Task A_vanishing_port_fails_the_command_in_flight_as_disconnected()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CFUN=16", Long, Token);
        await modem.ReceiveAsync(Token);

        modem.Unplug();

        await Assert.ThrowsAsync<ModemDisconnectedException>(() => reply);
        Assert.True(modem.Channel.IsClosed);
        await Assert.ThrowsAsync<ModemDisconnectedException>(() => modem.Channel.ExecuteAsync("AT", Long, Token));
    }

    [Fact]
    public async Task Any_garbage_between_replies_is_skipped_and_counted()
    {
        await using var modem = new ScriptedModem();
        await modem.SendAsync("\x00\x13\xff junk\r\n\x01\x02\r\n", Token);
        var reply = modem.Channel.ExecuteAsync("AT+CGMM", Long, Token);
        await modem.ReceiveAsync(Token);
        await modem.SendAsync("\x7f\r\n\r\nSierra Wireless EM7345 4G LTE\r\n\r\nOK\r\n", Token);

        Assert.Equal(["Sierra Wireless EM7345 4G LTE"], await reply);
        Assert.Equal(3, modem.Channel.GarbageLines);
    }

    [Fact]
    public async Task A_listing_body_with_a_literal_OK_line_does_not_end_the_command()
    {
        await using var modem = new ScriptedModem();
        var reply = modem.Channel.ExecuteAsync("AT+CMGL=\"ALL\"", Long, Token);
        await modem.ReceiveAsync(Token);

        await modem.SendAsync(
            "\r\n+CMGL: 1,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,10\r\nFine\r\nOK\r\n:)\r\n" +
            "+CMGL: 2,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,0\r\n\r\n" +
            "+CMGL: 3,\"REC READ\",\"+420775123456\",,\"16/10/21,12:00:00+08\",145,2\r\n004F004B\r\n" +
            "\r\nOK\r\n", Token);

        var messages = SmsListParser.ParseList(await reply);
        Assert.Equal(["Fine\nOK\n:)", "", "004F004B"], messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Forbidden_commands_are_never_sent()
    {
        await using var modem = new ScriptedModem();

        await Assert.ThrowsAsync<ArgumentException>(() => modem.Channel.ExecuteAsync("AT+CPOL?", Long, Token));
    }

    [Fact]
    public async Task A_full_subscriber_queue_drops_the_oldest_codes_and_counts_them()
    {
        var (host, _) = DuplexPipeStream.CreatePair();
        await using var channel = new AtChannel(host, new FakeTimeProvider(), NullLogger.Instance, streamCapacity: 2); // not started
        using var slow = channel.Subscribe();

        channel.Process("\r\n+CMTI: \"SM\",1\r\n\r\n+CMTI: \"SM\",2\r\n\r\n+CMTI: \"SM\",3\r\n\r\n+CMTI: \"SM\",4\r\n"u8);

        Assert.Equal(2, channel.DroppedCodes);
        Assert.Equal("+CMTI: \"SM\",3", await slow.Reader.ReadAsync(Token));
        Assert.Equal("+CMTI: \"SM\",4", await slow.Reader.ReadAsync(Token));
    }

    [Fact]
    public async Task A_slow_subscriber_does_not_lose_codes_for_another()
    {
        var (host, _) = DuplexPipeStream.CreatePair();
        await using var channel = new AtChannel(host, new FakeTimeProvider(), NullLogger.Instance, streamCapacity: 1);
        using var slow = channel.Subscribe();
        using var fast = channel.Subscribe();

        channel.Process("\r\n+XSIM: 7\r\n"u8);
        Assert.Equal("+XSIM: 7", await fast.Reader.ReadAsync(Token));
        channel.Process("\r\n+XSIM: 12\r\n"u8);

        Assert.Equal("+XSIM: 12", await fast.Reader.ReadAsync(Token));
        Assert.Equal("+XSIM: 12", await slow.Reader.ReadAsync(Token));
        Assert.Equal(1, channel.DroppedCodes);
    }

    [Fact]
    public async Task A_code_no_subscription_claims_is_handed_on_at_once_or_when_its_claimer_leaves_it_unread()
    {
        var (host, _) = DuplexPipeStream.CreatePair();
        var unclaimed = new List<string>();
        await using var channel = new AtChannel(host, new FakeTimeProvider(), NullLogger.Instance, unclaimed: unclaimed.Add); // not started
        using var everything = channel.Subscribe();

        channel.Process("\r\n+CUSD: 0,\"early\",15\r\n"u8); // before anyone claims +CUSD
        var claimer = channel.Subscribe(line => line.StartsWith("+CUSD:", StringComparison.Ordinal));
        channel.Process("\r\n+CUSD: 0,\"taken\",15\r\n\r\n+CUSD: 0,\"left\",15\r\n\r\n+CMTI: \"SM\",1\r\n"u8);
        Assert.Equal("+CUSD: 0,\"taken\",15", await claimer.Reader.ReadAsync(Token));
        claimer.Dispose();

        Assert.Equal(["+CUSD: 0,\"early\",15", "+CMTI: \"SM\",1", "+CUSD: 0,\"left\",15"], unclaimed);
        Assert.Equal(4, everything.Reader.Count); // a plain subscription still sees every code
    }

    [Fact]
    public async Task A_before_write_hook_that_throws_sends_nothing_and_frees_the_channel_for_the_next_command()
    {
        await using var modem = new ScriptedModem();

        await Assert.ThrowsAsync<InvalidOperationException>(
            () => modem.Channel.ExecuteAsync("AT+CUSD=1,\"*100#\",15", Long, Token, beforeWrite: () => throw new InvalidOperationException("hook")));
        var next = modem.Channel.ExecuteAsync("AT+CGSN", Long, Token);

        Assert.Equal("AT+CGSN", await modem.ReceiveAsync(Token)); // the refused command never went out
        await modem.SendAsync("\r\n013937006598898\r\n\r\nOK\r\n", Token);
        Assert.Equal(["013937006598898"], await next.WaitAsync(Long, Token));
    }

    [Fact]
    public async Task Random_bytes_before_a_final_result_end_in_a_reply_or_a_documented_error()
    {
        var random = new Random(1160);
        var bytes = new byte[512];
        for (var round = 0; round < 50; round++)
        {
            var time = new FakeTimeProvider();
            var (host, _) = DuplexPipeStream.CreatePair();
            await using var channel = new AtChannel(host, time, NullLogger.Instance); // not started: the test feeds its bytes
            random.NextBytes(bytes);
            var reply = channel.ExecuteAsync(round % 2 == 0 ? "AT+CMGL=\"ALL\"" : "AT+CSQ", TimeSpan.FromSeconds(5), Token);
            channel.Process(bytes);
            channel.Process("\r\nOK\r\n"u8);
            time.Advance(TimeSpan.FromSeconds(6)); // a body that swallowed the OK ends by the command timeout

            var outcome = await Record.ExceptionAsync(() => reply);
            Assert.True(outcome is null or ModemErrorException or ModemTimeoutException, outcome?.ToString());
        }
    }
}
