using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;
using Microsoft.Extensions.Time.Testing;

namespace Drivers.Em73xx.Tests.Device;

// A reply that comes after its command timed out (and after the second of grace) must never end the next command.
public sealed class LateReplyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_listing_answered_after_its_timeout_does_not_make_the_next_read_find_no_message()
    {
        var time = new FakeTimeProvider();
        await using var simulator = new SimulatedModem();
        var index = simulator.StoreMessage(SmsStatus.Unread, "+420775123456", "still here");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { TimeProvider = time, CommandTimeout = TimeSpan.FromSeconds(5) }, Token);
        await modem.GetSimStateAsync(Token);
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        simulator.Faults.ReplyHeld += (_, _) => held.TrySetResult();
        simulator.Faults.HoldNextReply("AT+CMGL");

        var list = modem.ListMessagesAsync(cancellationToken: Token);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
        time.Advance(TimeSpan.FromSeconds(6));
        await Assert.ThrowsAsync<ModemTimeoutException>(() => list.WaitAsync(TimeSpan.FromSeconds(30), Token));
        time.Advance(TimeSpan.FromSeconds(1)); // the grace ends; the listing's reply is still to come

        var read = modem.ReadMessageAsync(index, Token);
        simulator.Faults.ReleaseHeldReply();

        var message = await read.WaitAsync(TimeSpan.FromSeconds(30), Token);
        Assert.NotNull(message);
        Assert.Equal("still here", message.Text);
        Assert.Contains("AT+CMEE?", simulator.ReceivedCommands);
    }
}
