using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using static Drivers.Em73xx.Tests.Device.SimulatorWaits;

namespace Drivers.Em73xx.Tests.Device;

// WatchMessagesAsync: TS 27.005 3.4.1 (AT+CNMI, +CMTI) and 3.2.2 (AT+CPMS storages).
public sealed class WatchTests
{
    [Fact]
    public async Task A_refused_cnmi_fails_the_watch_instead_of_waiting_forever()
    {
        await using var simulator = new SimulatedModem();
        simulator.Faults.Refuse("AT+CNMI");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);

        var error = await Assert.ThrowsAsync<ModemErrorException>(() => watch.MoveNextAsync().AsTask().WaitAsync(Guard, Token));

        Assert.Equal("AT+CNMI=2,1,0,0,0", error.Command);
    }

    [Fact]
    public async Task Messages_that_arrived_while_nobody_watched_come_first()
    {
        await using var simulator = new SimulatedModem();
        simulator.StoreMessage(SmsStatus.Read, "+420775123457", "old");
        simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "missed");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var indicationsOn = HandledAsync(simulator, "AT+CNMI=2,1,0,0,0");
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);

        Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(Guard, Token));
        Assert.Equal("missed", watch.Current.Text);

        await indicationsOn.WaitAsync(Guard, Token);
        var next = watch.MoveNextAsync().AsTask();
        simulator.DeliverMessage("+420775123456", "new");
        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal("new", watch.Current.Text);
    }

    [Fact]
    public async Task A_message_both_listed_at_the_start_and_announced_is_reported_once()
    {
        await using var simulator = new SimulatedModem();
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Faults.ReplyHeld += (_, _) => held.TrySetResult();
        simulator.Faults.HoldNextReply("AT+CNMI");
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var first = watch.MoveNextAsync().AsTask();
        await held.Task.WaitAsync(Guard, Token); // indications are on, the OK not yet sent
        simulator.DeliverMessage("+420775123456", "between");
        simulator.Faults.ReleaseHeldReply();

        Assert.True(await first.WaitAsync(Guard, Token));
        Assert.Equal("between", watch.Current.Text);
        var second = watch.MoveNextAsync().AsTask();
        simulator.DeliverMessage("+420775123456", "after");
        Assert.True(await second.WaitAsync(Guard, Token));
        Assert.Equal("after", watch.Current.Text);
    }

    [Fact]
    public async Task A_message_announced_in_the_modems_own_storage_is_read_from_there()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { IncomingStorage = "ME" });
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);
        var indicationsOn = HandledAsync(simulator, "AT+CNMI=2,1,0,0,0");
        await using var watch = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
        var next = watch.MoveNextAsync().AsTask();
        await indicationsOn.WaitAsync(Guard, Token);

        simulator.DeliverMessage("+420775123456", "in ME");

        Assert.True(await next.WaitAsync(Guard, Token));
        Assert.Equal("in ME", watch.Current.Text);
        var storages = simulator.ReceivedCommands.Where(c => c.StartsWith("AT+CPMS", StringComparison.Ordinal)).ToList();
        Assert.Equal(["AT+CPMS=\"ME\"", "AT+CPMS=\"SM\""], storages);
        Assert.Empty(simulator.StoredMessages); // nothing was on the SIM
    }
}
