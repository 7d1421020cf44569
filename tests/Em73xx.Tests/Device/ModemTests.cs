using Drivers.Em73xx.Sim;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Tests.Device;

public sealed class ModemTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<Modem> OpenAsync(SimulatedModem simulator, ModemOptions? options = null) =>
        Modem.OpenAsync(simulator.OpenStream(), options, Token);

    [Fact]
    public async Task Opening_turns_echo_off_and_errors_numeric()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        Assert.Equal(["ATE0", "AT+CMEE=1", "AT+XSIMSTATE=1"], simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Listing_keeps_zone_multi_line_bodies_a_literal_OK_line_and_empty_text()
    {
        await using var simulator = new SimulatedModem();
        var sent = new DateTimeOffset(2016, 10, 21, 12, 0, 0, TimeSpan.FromMinutes(345));
        simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "Ahoj\nOK\nbye", sent);
        simulator.StoreMessage(SmsStatus.Read, "+420775123457", "", sent);
        simulator.StoreMessage(SmsStatus.Sent, "+420775123458", "+CMGL: 9,\"REC READ\",\"+1\",,");
        await using var modem = await OpenAsync(simulator);

        var messages = await modem.ListMessagesAsync(cancellationToken: Token);

        Assert.Equal(["Ahoj\nOK\nbye", "", "+CMGL: 9,\"REC READ\",\"+1\",,"], messages.Select(m => m.Text));
        Assert.Equal(sent, messages[0].Timestamp);
        Assert.Equal(sent.Offset, messages[0].Timestamp!.Value.Offset);
        Assert.Equal([SmsStatus.Unread, SmsStatus.Read, SmsStatus.Sent], messages.Select(m => m.Status));
        Assert.Null(messages[2].Timestamp);
    }

    [Fact]
    public async Task Reading_never_deletes()
    {
        await using var simulator = new SimulatedModem();
        var index = simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "keep me");
        await using var modem = await OpenAsync(simulator);

        var message = await modem.ReadMessageAsync(index, Token);
        await modem.ListMessagesAsync(cancellationToken: Token);

        Assert.Equal("keep me", message!.Text);
        Assert.Single(simulator.StoredMessages);
        Assert.DoesNotContain(simulator.ReceivedCommands, c => c.StartsWith("AT+CMGD", StringComparison.Ordinal));
        Assert.Null(await modem.ReadMessageAsync(index + 1, Token));
    }

    [Fact]
    public async Task Reading_one_message_keeps_a_body_that_looks_like_a_final_result()
    {
        await using var simulator = new SimulatedModem();
        var index = simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "OK\r\n+CMS ERROR: 500\nERROR", DateTimeOffset.UnixEpoch);
        await using var modem = await OpenAsync(simulator);

        var message = await modem.ReadMessageAsync(index, Token);

        Assert.Equal("OK\n+CMS ERROR: 500\nERROR", message!.Text);
        Assert.Equal(SmsStatus.Unread, message.Status);
        Assert.Equal(SmsStatus.Read, simulator.StoredMessages[0].Status);
    }

    [Fact]
    public async Task Unread_are_counted_then_deleted_one_and_all()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Unread, "+1", "a");
        var second = simulator.StoreMessage(SmsStatus.Read, "+2", "b");
        simulator.StoreMessage(SmsStatus.Unread, "+3", "c");
        await using var modem = await OpenAsync(simulator);

        Assert.Equal(2, await modem.CountUnreadAsync(Token));
        await modem.DeleteMessageAsync(second, Token);
        Assert.Equal(2, simulator.StoredMessages.Count);
        await modem.DeleteAllMessagesAsync(Token);
        Assert.Empty(simulator.StoredMessages);
    }

    [Fact]
    public async Task Sending_waits_for_the_prompt_and_returns_the_reference()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        var first = await modem.SendMessageAsync("+420775123456", "hello\nworld", Token);
        var second = await modem.SendMessageAsync("+420775123456", "again", Token);

        Assert.Equal(second[0], first[0] + 1);
        Assert.Equal([("+420775123456", "hello\nworld"), ("+420775123456", "again")], simulator.SentMessages);
    }

    [Fact]
    public async Task A_refused_send_says_so_with_the_cms_code_and_meaning()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        simulator.Faults.FailNextSend(330);

        var error = await Assert.ThrowsAsync<ModemErrorException>(() => modem.SendMessageAsync("+1", "x", Token));

        Assert.Equal((ModemErrorKind.Cms, 330, "SMSC address unknown"), (error.Kind, error.Code, error.Meaning));
        Assert.Empty(simulator.SentMessages);
    }

    [Theory]
    [InlineData("12a", "x")]
    [InlineData("+", "x")]
    [InlineData("+1", null)]
    public async Task Text_or_numbers_that_cannot_be_sent_are_refused_before_the_modem_sees_them(string number, string? text)
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        await Assert.ThrowsAsync<ArgumentException>(() => modem.SendMessageAsync(number, text ?? new string('x', 153 * 256), Token));
        Assert.DoesNotContain(simulator.ReceivedCommands, c => c.StartsWith("AT+CMGS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_locked_sim_is_unlocked_once_and_then_ready_for_sms()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await OpenAsync(simulator);

        Assert.Equal(SimState.PinRequired, await modem.GetSimStateAsync(Token));
        Assert.True(await modem.UnlockAsync("1234", Token));
        Assert.False(await modem.UnlockAsync("1234", Token));
        Assert.Empty(await modem.ListMessagesAsync(cancellationToken: Token));
        Assert.Single(simulator.ReceivedCommands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refused_pin_is_never_sent_again()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await OpenAsync(simulator);

        var refused = await Assert.ThrowsAsync<SimLockedException>(() => modem.UnlockAsync("0000", Token));
        var again = await Assert.ThrowsAsync<SimLockedException>(() => modem.UnlockAsync("0000", Token));

        Assert.True(refused.PinRefused);
        Assert.Equal(2, refused.AttemptsLeft);
        Assert.True(again.PinRefused);
        Assert.Equal(2, simulator.PinAttemptsLeft);
        Assert.Single(simulator.ReceivedCommands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pin_option_is_not_tried_when_an_attempt_has_already_failed()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using (var first = await OpenAsync(simulator))
        {
            await Assert.ThrowsAsync<SimLockedException>(() => first.UnlockAsync("9999", Token));
        }

        var error = await Assert.ThrowsAsync<SimLockedException>(() => OpenAsync(simulator, new ModemOptions { Pin = "1234" }));

        Assert.Equal(2, error.AttemptsLeft);
        Assert.Single(simulator.ReceivedCommands, c => c.StartsWith("AT+CPIN=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_pin_option_unlocks_on_open()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await OpenAsync(simulator, new ModemOptions { Pin = "1234" });

        Assert.Equal(SimState.Ready, await modem.GetSimStateAsync(Token));
    }

    [Fact]
    public async Task Sms_on_a_locked_sim_is_a_sim_locked_error()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await OpenAsync(simulator);

        var error = await Assert.ThrowsAsync<SimLockedException>(() => modem.CountUnreadAsync(Token));

        Assert.Equal(SimState.PinRequired, error.State);
    }

    [Fact]
    public async Task A_busy_sim_is_waited_for_with_back_off()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Unread, "+1", "a");
        await using var modem = await OpenAsync(simulator);
        simulator.Faults.SimBusy(2);

        Assert.Equal(1, await modem.CountUnreadAsync(Token));
        Assert.True(simulator.ReceivedCommands.Count(c => c.StartsWith("AT+CMGL", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task Incoming_messages_are_watched_as_they_arrive()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var indicationsOn = HandledAsync(simulator, command => command == "AT+CNMI=2,1,0,0,0");
        var next = watch.MoveNextAsync().AsTask();
        await indicationsOn;

        simulator.DeliverMessage("+420775123456", "ping");

        Assert.True(await next);
        Assert.Equal("ping", watch.Current.Text);
        Assert.Equal("+420775123456", watch.Current.Address);
    }

    [Fact]
    public async Task Watching_fails_as_disconnected_when_the_port_vanishes_instead_of_ending_quietly()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var indicationsOn = HandledAsync(simulator, command => command == "AT+CNMI=2,1,0,0,0");
        var next = watch.MoveNextAsync().AsTask();
        await indicationsOn;

        simulator.Faults.Disconnect();

        await Assert.ThrowsAsync<ModemDisconnectedException>(() => next);
    }

    [Fact]
    public async Task A_watch_started_after_the_port_vanished_fails_as_disconnected()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        simulator.Faults.Disconnect();

        await Assert.ThrowsAsync<ModemDisconnectedException>(async () =>
        {
            await foreach (var message in modem.WatchMessagesAsync(Token))
            {
                Assert.Fail($"No message can arrive on a vanished port, yet #{message.Index} did.");
            }
        });
    }

    [Fact]
    public async Task A_fix_is_parsed_and_the_session_is_always_stopped()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        var fix = await modem.TryGetFixAsync(TimeSpan.FromSeconds(30), Token);

        Assert.NotNull(fix);
        Assert.Equal(49.195407, fix.Latitude, 6);
        Assert.Equal(16.606729, fix.Longitude, 6);
        Assert.Equal("AT+XLSRSTOP", simulator.ReceivedCommands[^1]);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task No_fix_in_time_is_null_and_the_session_is_stopped()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        await using var modem = await OpenAsync(simulator);

        Assert.Null(await modem.TryGetFixAsync(TimeSpan.FromMilliseconds(200), Token));
        Assert.False(simulator.GpsSessionActive);
        Assert.Equal("AT+XLSRSTOP", simulator.ReceivedCommands[^1]);
    }

    [Fact]
    public async Task A_canceled_fix_still_stops_the_session()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Fixes = [] });
        await using var modem = await OpenAsync(simulator);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var started = HandledAsync(simulator, command => command.StartsWith("AT+XLCSLSR=", StringComparison.Ordinal));
        var fix = modem.TryGetFixAsync(TimeSpan.FromMinutes(5), cancel.Token);
        await started;
        Assert.True(simulator.GpsSessionActive);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fix);
        Assert.False(simulator.GpsSessionActive);
    }

    [Fact]
    public async Task Info_tells_model_firmware_imei_operator_signal_and_sim()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        var info = await modem.GetInfoAsync(Token);

        Assert.Equal("Sierra Wireless EM7345 4G LTE", info.Model);
        Assert.Equal("FIH7160_V1.2_WW_01.1644.00", info.Firmware);
        Assert.Equal("013937006598898", info.Imei);
        Assert.Equal("Simulated Mobile", info.Operator);
        Assert.Equal(-71, info.SignalDbm);
        Assert.Equal(SimState.Ready, info.SimState);
        Assert.Equal(new PinRetries(3, 3, 10, 10), info.PinRetries);
    }

    [Fact]
    public async Task The_radio_is_power_cycled_and_a_reboot_closes_the_port()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        await modem.RestartRadioAsync(Token);
        await modem.RebootAsync(Token);

        Assert.Equal(["AT+CFUN=4", "AT+CFUN=1", "AT+CFUN=16"], simulator.ReceivedCommands.Where(c => c.StartsWith("AT+CFUN", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => modem.TryGetFixAsync(TimeSpan.FromSeconds(1), Token));
    }

    [Fact]
    public async Task A_port_that_disappears_fails_the_next_command_as_disconnected()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        simulator.Faults.Disconnect();

        await Assert.ThrowsAsync<ModemDisconnectedException>(() => modem.GetInfoAsync(Token));
    }

    [Fact]
    public async Task Slow_replies_interleaved_codes_and_garbage_do_not_change_the_answers()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "two\nlines", DateTimeOffset.UnixEpoch);
        await using var modem = await OpenAsync(simulator);
        simulator.Faults.ReplyDelay = TimeSpan.FromMilliseconds(5);
        simulator.Faults.InterleaveUnsolicited = true;
        simulator.Faults.GarbageBeforeReplies = true;

        var messages = await modem.ListMessagesAsync(cancellationToken: Token);
        var info = await modem.GetInfoAsync(Token);

        Assert.Equal("two\nlines", Assert.Single(messages).Text);
        Assert.Equal("013937006598898", info.Imei);
        Assert.True(modem.SkippedLines > 0);
    }

    [Fact]
    public async Task A_hung_modem_times_out_with_a_clear_error()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator, new ModemOptions { CommandTimeout = TimeSpan.FromMilliseconds(200) });
        simulator.Faults.Unresponsive = true;

        var error = await Assert.ThrowsAsync<ModemTimeoutException>(() => modem.GetSimStateAsync(Token));

        Assert.Equal("AT+CPIN?", error.Command);
    }

    public static TheoryData<ModemOptions, string> OptionsOutOfRange => new()
    {
        { new ModemOptions { CommandTimeout = TimeSpan.Zero }, nameof(ModemOptions.CommandTimeout) },
        { new ModemOptions { SendTimeout = TimeSpan.FromSeconds(-1) }, nameof(ModemOptions.SendTimeout) },
        { new ModemOptions { SimReadyTimeout = TimeSpan.FromDays(50) }, nameof(ModemOptions.SimReadyTimeout) },
        { new ModemOptions { StreamCapacity = 0 }, nameof(ModemOptions.StreamCapacity) },
        { new ModemOptions { TimeProvider = null! }, nameof(ModemOptions.TimeProvider) },
    };

    [Theory]
    [MemberData(nameof(OptionsOutOfRange))]
    public async Task Options_out_of_range_are_refused_naming_the_property_before_anything_is_sent(ModemOptions options, string property)
    {
        await using var simulator = new SimulatedModem();

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => OpenAsync(simulator, options));

        Assert.Equal(property, error.ParamName);
        Assert.Contains("ModemOptions." + property, error.Message, StringComparison.Ordinal);
        Assert.Empty(simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_before_the_port_is_opened()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Modem.OpenAsync("/dev/nonexistent-modem", new ModemOptions { StreamCapacity = -1 }, Token));

        Assert.Equal(nameof(ModemOptions.StreamCapacity), error.ParamName);
    }

    [Fact]
    public async Task Logs_go_under_the_modem_type_with_the_package_event_ids_and_never_show_the_pin()
    {
        var logs = new RecordingLoggerFactory();
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true, Pin = "4711" });
        await using (var modem = await OpenAsync(simulator, new ModemOptions { LoggerFactory = logs }))
        {
            await Assert.ThrowsAsync<SimLockedException>(() => modem.UnlockAsync("9876", Token));
            Assert.True(await modem.UnlockAsync("4711", Token));
            await modem.CountUnreadAsync(Token);
        }

        Assert.Contains(logs.Entries, e => e.Message.Contains("AT+CPIN=", StringComparison.Ordinal));
        Assert.All(logs.Entries, e =>
        {
            Assert.Equal(typeof(Modem).FullName, e.Category);
            Assert.InRange(e.EventId.Id, 1000, 1999);
            Assert.DoesNotContain("9876", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("4711", e.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_missing_port_says_it_does_not_exist_rather_than_access_denied()
    {
        var error = await Assert.ThrowsAsync<ModemDisconnectedException>(() => Modem.OpenAsync("/dev/nonexistent-modem", cancellationToken: Token));

        Assert.StartsWith("/dev/nonexistent-modem does not exist;", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Completes once the simulator has handled (acted on and answered) a command that <paramref name="matches"/>;
    /// start it before the command is sent. Fails after a generous 30 s.
    /// </summary>
    private static Task HandledAsync(SimulatedModem simulator, Func<string, bool> matches)
    {
        var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.CommandHandled += (_, command) =>
        {
            if (matches(command))
            {
                handled.TrySetResult();
            }
        };
        return handled.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
    }
}
