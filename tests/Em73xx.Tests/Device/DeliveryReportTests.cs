using System.Text;
using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using Microsoft.Extensions.Time.Testing;
using static Drivers.Em73xx.Tests.Device.SimulatorWaits;

namespace Drivers.Em73xx.Tests.Device;

// Delivery reports (TS 23.040 9.2.2.3, TP-SRR 9.2.3.5, TP-ST 9.2.3.15) and routing (TS 27.005 3.4.1 AT+CNMI, +CDS, +CDSI, +CMT).
public sealed class DeliveryReportTests
{
    [Theory]
    [InlineData(0x00, DeliveryOutcome.Delivered)]
    [InlineData(0x1F, DeliveryOutcome.Delivered)] // specific to a service center, still "transaction completed"
    [InlineData(0x20, DeliveryOutcome.StillTrying)]
    [InlineData(0x3F, DeliveryOutcome.StillTrying)]
    [InlineData(0x41, DeliveryOutcome.Failed)]
    [InlineData(0x45, DeliveryOutcome.Failed)]
    [InlineData(0x62, DeliveryOutcome.Failed)] // temporary, but the service center gave up
    [InlineData(0x80, DeliveryOutcome.Failed)] // reserved
    public void Each_range_of_tp_status_has_its_outcome(int status, DeliveryOutcome outcome)
    {
        var report = new DeliveryReport { MessageReference = 1, Recipient = "+420775123456", Status = (DeliveryStatus)status };

        Assert.Equal(outcome, report.Outcome);
    }

    [Fact]
    public async Task A_message_sent_with_a_report_requested_is_reported_delivered_under_its_reference()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);
        var next = reports.MoveNextAsync().AsTask();

        var references = await modem.SendMessageAsync("+420775123456", "Are you home?", requestDeliveryReport: true, Token).WaitAsync(Guard, Token);

        Assert.True(await next.WaitAsync(Guard, Token));
        var report = reports.Current;
        Assert.Equal(references.Single(), report.MessageReference);
        Assert.Equal("+420775123456", report.Recipient);
        Assert.Equal(DeliveryStatus.Delivered, report.Status);
        Assert.Equal(DeliveryOutcome.Delivered, report.Outcome);
        Assert.NotNull(report.DischargedAt);
        Assert.Contains("AT+CNMI=2,1,0,1,0", simulator.ReceivedCommands);
        Assert.Contains("AT+CSMS=0", simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Every_part_of_a_long_message_gets_its_own_report()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);
        var next = reports.MoveNextAsync().AsTask();

        var references = await modem.SendMessageAsync("+420775123456", new string('x', 400), requestDeliveryReport: true, Token).WaitAsync(Guard, Token);

        Assert.True(await next.WaitAsync(Guard, Token));
        var reported = new List<int> { reports.Current.MessageReference };
        while (reported.Count < references.Count && await reports.MoveNextAsync().AsTask().WaitAsync(Guard, Token))
        {
            reported.Add(reports.Current.MessageReference);
        }
        Assert.Equal(3, references.Count);
        Assert.Equal(references.Order(), reported.Order()); // reports need not come in the order of the parts
    }

    [Fact]
    public async Task A_recipient_still_busy_then_unreachable_is_reported_still_trying_then_failed()
    {
        await using var simulator = new SimulatedModem();
        simulator.SetNextDeliveryReports(DeliveryStatus.RecipientBusy, DeliveryStatus.IncompatibleDestination);
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);
        var next = reports.MoveNextAsync().AsTask();

        await modem.SendMessageAsync("+420775123456", "Hi", requestDeliveryReport: true, Token).WaitAsync(Guard, Token);

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal((DeliveryStatus.RecipientBusy, DeliveryOutcome.StillTrying), (reports.Current.Status, reports.Current.Outcome));
        Assert.True(await reports.MoveNextAsync().AsTask().WaitAsync(Guard, Token));
        Assert.Equal((DeliveryStatus.IncompatibleDestination, DeliveryOutcome.Failed), (reports.Current.Status, reports.Current.Outcome));
    }

    [Fact]
    public async Task A_message_sent_without_asking_gets_no_report_request()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        await modem.SendMessageAsync("+420775123456", "Hi", Token).WaitAsync(Guard, Token);

        Assert.DoesNotContain(simulator.ReceivedCommands, c => c.StartsWith("AT+CNMI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_modem_that_cannot_route_reports_stores_them_and_each_is_read_then_deleted()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+CNMI=2,1,0,1");
        simulator.SetNextDeliveryReports(DeliveryStatus.NoInterworking);
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var listed = HandledAsync(simulator, "AT+CPMS=\"SM\""); // the reports stored before watching, none here
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);
        var next = reports.MoveNextAsync().AsTask();
        await listed.WaitAsync(Guard, Token);
        var deleted = HandledAsync(simulator, "AT+CMGD=1");
        var back = HandledAsync(simulator, "AT+CPMS=\"SM\"");

        var references = await modem.SendMessageAsync("+420775123456", "Hi", requestDeliveryReport: true, Token).WaitAsync(Guard, Token);

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal(references.Single(), reports.Current.MessageReference);
        Assert.Equal(DeliveryOutcome.Failed, reports.Current.Outcome);
        await Task.WhenAll(deleted, back).WaitAsync(Guard, Token);
        var storage = simulator.ReceivedCommands.Where(c => c.StartsWith("AT+CPMS", StringComparison.Ordinal) || c.StartsWith("AT+CMGR", StringComparison.Ordinal) || c.StartsWith("AT+CMGD", StringComparison.Ordinal));
        Assert.Equal(["AT+CPMS=\"SR\"", "AT+CPMS=\"SM\"", "AT+CPMS=\"SR\"", "AT+CMGR=1", "AT+CMGD=1", "AT+CPMS=\"SM\""], storage);
        Assert.Contains("AT+CNMI=2,1,0,2,0", simulator.ReceivedCommands);
    }

    [Fact]
    public async Task A_report_stored_while_nobody_watched_is_yielded_and_deleted_when_watching_starts()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+CNMI=2,1,0,1");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using (var listener = simulator.OpenStream()) // before sending: the report may be announced before the send returns
        {
            await modem.SendMessageAsync("+420775123456", "Hi", requestDeliveryReport: true, Token).WaitAsync(Guard, Token);
            // The simulator's report comes after the +CMGS; wait until it was stored and announced, with nobody watching.
            var buffer = new byte[4096];
            var seen = new StringBuilder();
            while (!seen.ToString().Contains("+CDSI: \"SR\",", StringComparison.Ordinal))
            {
                var read = await listener.ReadAsync(buffer, Token).AsTask().WaitAsync(Guard, Token);
                Assert.NotEqual(0, read);
                seen.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        var deleted = HandledAsync(simulator, "AT+CMGD=1");
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);

        Assert.True(await reports.MoveNextAsync().AsTask().WaitAsync(Guard, Token));
        Assert.Equal(DeliveryOutcome.Delivered, reports.Current.Outcome);
        await deleted.WaitAsync(Guard, Token);
    }

    [Fact]
    public async Task A_listing_asked_for_while_a_stored_report_is_read_lists_the_sims_messages_not_the_reports()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+CNMI=2,1,0,1"); // reports are stored in "SR" and announced (+CDSI)
        simulator.DeliverMessage("+420602111222", "On the SIM");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var settled = HandledAsync(simulator, "AT+CPMS=\"SM\""); // the watch's first look into "SR" is over
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);
        var next = reports.MoveNextAsync().AsTask();
        await settled.WaitAsync(Guard, Token);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Faults.ReplyHeld += (_, _) => held.TrySetResult();
        simulator.Faults.HoldNextReply("AT+CMGR");

        simulator.DeliverReport("+420775123456", 7, DeliveryStatus.Delivered);
        await held.Task.WaitAsync(Guard, Token); // the report is being read, with "SR" selected
        var listing = modem.ListMessagesAsync(cancellationToken: Token);
        simulator.Faults.ReleaseHeldReply();

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal(7, reports.Current.MessageReference);
        var message = Assert.Single(await listing.WaitAsync(Guard, Token));
        Assert.Equal("On the SIM", message.Text);
    }

    [Fact]
    public async Task A_modem_that_refuses_every_report_routing_fails_the_watch()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+CNMI");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var reports = modem.WatchDeliveryReportsAsync(Token).GetAsyncEnumerator(Token);

        var error = await Assert.ThrowsAsync<ModemErrorException>(() => reports.MoveNextAsync().AsTask().WaitAsync(Guard, Token));

        Assert.Equal("AT+CNMI=2,1,0,2,0", error.Command);
    }

    [Fact]
    public async Task Watching_messages_after_reports_were_asked_for_keeps_them_routed()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await modem.SendMessageAsync("+420775123456", "Hi", requestDeliveryReport: true, Token).WaitAsync(Guard, Token);
        var indications = HandledAsync(simulator, "AT+CNMI=2,1,0,1,0");
        await using var messages = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var next = messages.MoveNextAsync().AsTask();

        await indications.WaitAsync(Guard, Token);
        simulator.DeliverMessage("+420775123456", "Yes");

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal("Yes", messages.Current.Text);
        Assert.DoesNotContain("AT+CNMI=2,1,0,0,0", simulator.ReceivedCommands);
    }

    [Fact]
    public async Task Parts_routed_directly_out_of_order_are_put_back_together()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var indications = HandledAsync(simulator, "AT+CNMI=2,1,0,0,0");
        await using var messages = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var next = messages.MoveNextAsync().AsTask();
        await RouteDirectlyAsync(simulator, indications);
        var text = string.Concat(Enumerable.Repeat("Příliš žluťoučký kůň 🐎 ", 12));

        Assert.Empty(simulator.DeliverParts("+420775123456", text, [3, 1, 5, 4, 2])); // UCS-2: 67 characters a part

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal(text, messages.Current.Text);
        Assert.Equal(-1, messages.Current.Index);
        Assert.Empty(messages.Current.Parts);
        Assert.True(messages.Current.IsComplete);
        Assert.Empty(simulator.StoredMessages);
    }

    [Fact]
    public async Task A_routed_message_still_missing_parts_after_a_minute_is_yielded_as_it_is()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { TimeProvider = time }, Token);
        var indications = HandledAsync(simulator, "AT+CNMI=2,1,0,0,0");
        await using var messages = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var next = messages.MoveNextAsync().AsTask();
        await RouteDirectlyAsync(simulator, indications);
        var text = new string('a', 153) + new string('b', 153) + new string('c', 10);

        simulator.DeliverParts("+420775123456", text, [3, 1]);
        simulator.DeliverMessage("+420775123457", "marker"); // after the parts on the same line, so they have been taken
        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal("marker", messages.Current.Text);
        next = messages.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal(new string('a', 153) + new string('c', 10), messages.Current.Text);
        Assert.Equal([2], messages.Current.MissingParts);
    }

    // Another program (or the user) set <mt> 2: the modem routes messages to the host (+CMT) instead of storing them.
    private static async Task RouteDirectlyAsync(SimulatedModem simulator, Task watchIndications)
    {
        await watchIndications.WaitAsync(Guard, Token);
        var routed = HandledAsync(simulator, "AT+CNMI=2,2,0,1,0");
        await using var other = simulator.OpenStream();
        await other.WriteAsync(Encoding.ASCII.GetBytes("AT+CNMI=2,2,0,1,0\r"), Token);
        await routed.WaitAsync(Guard, Token);
    }
}
