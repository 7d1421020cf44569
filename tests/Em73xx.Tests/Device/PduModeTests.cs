using Drivers.Em73xx.Protocol.Pdu;
using Drivers.Em73xx.Sim;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Em73xx.Tests.Device;

// The driver reads and sends in PDU mode (TS 27.005 3.1, 3.4.2, 3.4.3, 3.5.1); long messages are concatenated
// (TS 23.040 9.2.3.24.1), Unicode goes as UCS-2 (TS 23.038 4).
public sealed class PduModeTests
{
    private const string Czech = "Příliš žluťoučký kůň úpěl ďábelské ódy 🐴🎉 ";

    private static readonly string Long400 = string.Concat(Enumerable.Repeat(Czech, 10))[..400];

    private static readonly int PartCount = PduEncoder.CountParts(Long400);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<Modem> OpenAsync(SimulatedModem simulator, ModemOptions? options = null) =>
        Modem.OpenAsync(simulator.OpenStream(), options, Token);

    [Fact]
    public async Task The_driver_switches_the_modem_to_pdu_mode_and_lists_with_numeric_status()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "Ahoj");
        await using var modem = await OpenAsync(simulator);

        var messages = await modem.ListMessagesAsync(cancellationToken: Token);

        Assert.Contains("AT+CMGF=0", simulator.ReceivedCommands);
        Assert.Contains("AT+CMGL=4", simulator.ReceivedCommands);
        Assert.DoesNotContain("AT+CMGF=1", simulator.ReceivedCommands);
        Assert.Equal("Ahoj", Assert.Single(messages).Text);
    }

    [Fact]
    public async Task A_long_czech_and_emoji_message_lists_as_one_message_with_every_part()
    {
        await using var simulator = new SimulatedModem();
        var sent = new DateTimeOffset(2026, 11, 30, 9, 15, 0, TimeSpan.FromHours(-3.75));
        simulator.DeliverMessage("+420775123456", Long400, sent);
        await using var modem = await OpenAsync(simulator);

        var message = Assert.Single(await modem.ListMessagesAsync(cancellationToken: Token));

        Assert.Equal(Long400, message.Text);
        Assert.Equal("+420775123456", message.Address);
        Assert.Equal(sent, message.Timestamp);
        Assert.Equal(sent.Offset, message.Timestamp!.Value.Offset);
        Assert.Equal(simulator.StoredMessages.Select(m => m.Index), message.Parts);
        Assert.True(message.Parts.Count > 1);
        Assert.Empty(message.MissingParts);
        Assert.Equal(SmsStatus.Unread, message.Status);
    }

    [Fact]
    public async Task Parts_that_arrived_out_of_order_are_put_back_in_order()
    {
        await using var simulator = new SimulatedModem();
        int[] order = [.. Enumerable.Range(1, PartCount).Reverse()];
        var indexes = simulator.DeliverParts("+420775123456", Long400, order);
        await using var modem = await OpenAsync(simulator);

        var message = Assert.Single(await modem.ListMessagesAsync(cancellationToken: Token));

        Assert.Equal(Long400, message.Text);
        Assert.Equal(indexes.Reverse(), message.Parts);
    }

    [Fact]
    public async Task A_message_missing_a_part_is_listed_with_what_arrived_and_the_missing_part_named()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverParts("+420775123456", Long400, [.. Enumerable.Range(1, PartCount).Where(s => s != 2)]);
        simulator.DeliverMessage("+420775000000", "short");
        await using var modem = await OpenAsync(simulator);

        var messages = await modem.ListMessagesAsync(cancellationToken: Token);

        Assert.Equal(2, messages.Count);
        Assert.Equal([2], messages[0].MissingParts);
        Assert.False(messages[0].IsComplete);
        Assert.Equal(PartCount - 1, messages[0].Parts.Count);
        Assert.StartsWith(Long400[..20], messages[0].Text, StringComparison.Ordinal);
        Assert.Equal(PartCount, simulator.StoredMessages.Count);
        Assert.DoesNotContain(simulator.ReceivedCommands, c => c.StartsWith("AT+CMGD", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_one_part_returns_the_whole_message_and_deleting_it_deletes_every_part()
    {
        await using var simulator = new SimulatedModem();
        var keep = simulator.StoreMessage(SmsStatus.Read, "+1", "keep");
        var indexes = simulator.DeliverParts("+420775123456", Long400, [2, 1, .. Enumerable.Range(3, PartCount - 2)]);
        await using var modem = await OpenAsync(simulator);

        var message = await modem.ReadMessageAsync(indexes[0], Token);
        await modem.DeleteMessageAsync(indexes[0], Token);

        Assert.Equal(Long400, message!.Text);
        Assert.Equal(keep, Assert.Single(simulator.StoredMessages).Index);
    }

    [Fact]
    public async Task Sending_400_characters_of_czech_and_emoji_returns_every_reference()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);

        var references = await modem.SendMessageAsync("+420775123456", Long400, Token);

        Assert.True(references.Count > 1);
        Assert.Equal(references.Count, references.Distinct().Count());
        Assert.Equal(references.Count, simulator.ReceivedCommands.Count(c => c.StartsWith("AT+CMGS=", StringComparison.Ordinal)));
        Assert.Equal(("+420775123456", Long400), Assert.Single(simulator.SentMessages));
    }

    [Fact]
    public async Task A_failure_in_the_middle_of_a_long_message_says_which_parts_were_sent()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        var sentParts = 0;
        simulator.CommandHandled += (_, command) =>
        {
            if (command.StartsWith("AT+CMGS=", StringComparison.Ordinal) && ++sentParts == 2)
            {
                simulator.Faults.FailNextSend(330);
            }
        };

        var error = await Assert.ThrowsAsync<MessagePartlySentException>(() => modem.SendMessageAsync("+420775123456", Long400, Token));

        Assert.Single(error.SentReferences);
        Assert.True(error.PartCount > 2);
        Assert.Equal(330, Assert.IsType<ModemErrorException>(error.InnerException).Code);
    }

    [Fact]
    public async Task A_sim_that_needs_its_pin_fails_the_send_at_once_not_after_the_send_timeout()
    {
        // TS 27.005 3.2.5: +CMS ERROR: 311 (SIM PIN required) may come instead of the "> " prompt.
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        var time = new FakeTimeProvider();
        await using var modem = await OpenAsync(simulator, new ModemOptions { TimeProvider = time });

        // The fake clock never moves: before the fix the send waited for a timeout that could never come.
        var error = await Assert.ThrowsAsync<SimLockedException>(() => modem.SendMessageAsync("+1", "x", Token).WaitAsync(TimeSpan.FromSeconds(30), Token));

        Assert.Equal(SimState.PinRequired, error.State);
    }

    [Fact]
    public async Task A_busy_sim_before_the_prompt_is_backed_off_from_and_the_send_then_succeeds()
    {
        // TS 27.005 3.2.5: +CMS ERROR: 314, SIM busy, before the prompt.
        await using var simulator = new SimulatedModem();
        // A send timeout no test can wait for: before the fix the send waited for it, as there was no prompt to come.
        await using var modem = await OpenAsync(simulator, new ModemOptions { SendTimeout = TimeSpan.FromDays(40) });
        await modem.ListMessagesAsync(cancellationToken: Token); // PDU mode is set up before the fault
        simulator.Faults.SimBusy(1);

        var references = await modem.SendMessageAsync("+1", "x", Token).WaitAsync(TimeSpan.FromSeconds(30), Token);

        Assert.Single(references);
        Assert.Equal(2, simulator.ReceivedCommands.Count(c => c.StartsWith("AT+CMGS=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lengths_announced_in_septets_do_not_lose_the_next_unread_message()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "{€} costs 5€");
        simulator.DeliverMessage("+420775123457", "the next one");
        simulator.Faults.SeptetCountedLengths = true;
        await using var modem = await OpenAsync(simulator);

        var messages = await modem.ListMessagesAsync(SmsFilter.Unread, Token);

        Assert.Equal(["{€} costs 5€", "the next one"], messages.Select(m => m.Text));
    }

    [Fact]
    public async Task An_alphanumeric_sender_is_shown_by_name()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("Vodafone", "Vase kredit");
        await using var modem = await OpenAsync(simulator);

        Assert.Equal("Vodafone", Assert.Single(await modem.ListMessagesAsync(cancellationToken: Token)).Address);
    }

    [Fact]
    public async Task Watching_yields_a_long_message_once_when_its_last_part_arrives()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await OpenAsync(simulator);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var cnmi = new TaskCompletionSource();
        simulator.CommandHandled += (_, command) =>
        {
            if (command.StartsWith("AT+CNMI", StringComparison.Ordinal))
            {
                cnmi.TrySetResult();
            }
        };
        var watching = Task.Run(async () =>
        {
            await foreach (var message in modem.WatchMessagesAsync(stop.Token))
            {
                return message;
            }
            return null;
        }, Token);
        await cnmi.Task.WaitAsync(Token);

        simulator.DeliverMessage("+420775123456", Long400);
        var received = await watching;

        Assert.Equal(Long400, received!.Text);
    }
}
