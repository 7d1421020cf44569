using System.Text;
using Drivers.Em73xx.Sim;
using Drivers.Em73xx.Simulation;

namespace Drivers.Em73xx.Tests.Device;

// Where a +CUSD may come on a real modem: before the OK of AT+CUSD (as an information line), after it, or in the middle
// of another command's reply; and in the character set of AT+CSCS (TS 27.007 5.5, 7.15).
public sealed class UssdPairingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // A device end that answers each command with what the script says (OK when it says nothing).
    private static async Task<List<string>> ServeAsync(Stream device, Func<string, string?> script, CancellationToken cancellationToken)
    {
        var commands = new List<string>();
        var pending = new StringBuilder();
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var read = await device.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return commands;
                }
                pending.Append(Encoding.Latin1.GetString(buffer, 0, read));
                int end;
                while ((end = pending.ToString().IndexOf('\r', StringComparison.Ordinal)) >= 0)
                {
                    var command = pending.ToString(0, end);
                    pending.Remove(0, end + 1);
                    lock (commands)
                    {
                        commands.Add(command);
                    }
                    var reply = script(command) ?? "\r\nOK\r\n";
                    await device.WriteAsync(Encoding.Latin1.GetBytes(reply), cancellationToken);
                    await device.FlushAsync(cancellationToken);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            return commands;
        }
    }

    [Fact]
    public async Task An_answer_before_the_ok_in_the_ucs2_character_set_is_taken()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var served = Task.Run(() => ServeAsync(device, command => command switch
        {
            "AT+CSCS?" => "\r\n+CSCS: \"UCS2\"\r\n\r\nOK\r\n",
            _ when command.StartsWith("AT+CUSD=1,", StringComparison.Ordinal) => "\r\n+CUSD: 9,\"00410068\",15\r\n\r\n+CUSD: 0,\"004100680020006A006F0021\",15\r\n\r\nOK\r\n",
            _ => null,
        }, stop.Token), Token);
        List<string> commands;
        await using (var modem = await Modem.OpenAsync(host, cancellationToken: Token))
        {
            await using var session = await modem.SendUssdAsync("*101#", Token).WaitAsync(Guard, Token);

            Assert.Equal("Ah jo!", session.Response.Text); // the malformed line before it is skipped
            await stop.CancelAsync();
            commands = await served.WaitAsync(Guard, Token);
        }
        await device.DisposeAsync();

        Assert.Contains("AT+CUSD=1,\"002A0031003000310023\",15", commands); // the code in the UCS2 character set
    }

    [Fact]
    public async Task An_answer_in_the_middle_of_another_commands_reply_reaches_the_waiting_session()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var cusdSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = Task.Run(() => ServeAsync(device, command => command switch
        {
            _ when command.StartsWith("AT+CUSD=1,", StringComparison.Ordinal) => Seen(cusdSent, "\r\nOK\r\n"),
            // The network's answer arrives while the modem answers an unrelated command.
            "AT+CSQ" => "\r\n+CSQ: 21,99\r\n\r\n+CUSD: 0,\"Balance 3 EUR\",15\r\n\r\nOK\r\n",
            _ => null,
        }, stop.Token), Token);
        await using (var modem = await Modem.OpenAsync(host, cancellationToken: Token))
        {
            var send = modem.SendUssdAsync("*101#", Token);
            await cusdSent.Task.WaitAsync(Guard, Token); // the session listens before its code goes out
            var info = await modem.GetInfoAsync(Token).WaitAsync(Guard, Token);
            await using var session = await send.WaitAsync(Guard, Token);

            Assert.Equal("Balance 3 EUR", session.Response.Text);
            Assert.Equal(-71, info.SignalDbm);
            await stop.CancelAsync();
            await served.WaitAsync(Guard, Token);
        }
        await device.DisposeAsync();
    }

    [Fact]
    public async Task A_code_the_network_pushes_while_a_reply_waits_for_another_command_is_not_taken_for_its_answer()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var cpinSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseCpin = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = Task.Run(() => ServeAsync(device, command => command switch
        {
            _ when command.StartsWith("AT+CUSD=1,\"*100#\"", StringComparison.Ordinal) => "\r\nOK\r\n\r\n+CUSD: 1,\"1 Balance 2 Data\",15\r\n",
            _ when command.StartsWith("AT+CUSD=1,\"2\"", StringComparison.Ordinal) => "\r\nOK\r\n\r\n+CUSD: 0,\"1 GB ordered\",15\r\n",
            // The reply is held until the session's answer queues behind it; then the network pushes a notice of its own.
            "AT+CPIN?" => Held(cpinSeen, releaseCpin, "\r\n+CUSD: 0,\"Roaming in CZ\",15\r\n\r\n+CPIN: READY\r\n\r\nOK\r\n"),
            _ => null,
        }, stop.Token), Token);
        var logs = new RecordingLoggerFactory();
        await using (var modem = await Modem.OpenAsync(host, new ModemOptions { LoggerFactory = logs }, Token))
        {
            await using var session = await modem.SendUssdAsync("*100#", Token).WaitAsync(Guard, Token);
            var sim = modem.GetSimStateAsync(Token);
            await cpinSeen.Task.WaitAsync(Guard, Token);
            var reply = session.ReplyAsync("2", Token); // subscribes, if it ever does before writing, before this returns
            releaseCpin.SetResult();

            Assert.Equal("1 GB ordered", (await reply.WaitAsync(Guard, Token)).Text);
            Assert.Equal(SimState.Ready, await sim.WaitAsync(Guard, Token));
            await stop.CancelAsync();
            await served.WaitAsync(Guard, Token);
        }
        await device.DisposeAsync();

        var unclaimed = Assert.Single(logs.Entries, e => e.EventId.Id == 1103);
        Assert.Contains("+CUSD: 0", unclaimed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Roaming", unclaimed.Message, StringComparison.Ordinal); // logged without its text
    }

    [Fact]
    public async Task A_session_disposed_while_its_reply_waits_stays_ended_when_the_answer_comes_after_all()
    {
        var (host, device) = DuplexPipeStream.CreatePair();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var replied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var served = Task.Run(() => ServeAsync(device, command => command switch
        {
            _ when command.StartsWith("AT+CUSD=1,\"*100#\"", StringComparison.Ordinal) => "\r\nOK\r\n\r\n+CUSD: 1,\"1 Balance 2 Data\",15\r\n",
            _ when command.StartsWith("AT+CUSD=1,\"2\"", StringComparison.Ordinal) => Seen(replied, "\r\nOK\r\n"),
            // The network's next menu was already on its way when the cancel went out.
            "AT+CUSD=2" => "\r\nOK\r\n\r\n+CUSD: 1,\"1 Data 2 Back\",15\r\n",
            _ => null,
        }, stop.Token), Token);
        await using (var modem = await Modem.OpenAsync(host, new ModemOptions(), Token))
        {
            var session = await modem.SendUssdAsync("*100#", Token).WaitAsync(Guard, Token);
            var reply = session.ReplyAsync("2", Token);
            await replied.Task.WaitAsync(Guard, Token);

            await session.DisposeAsync().AsTask().WaitAsync(Guard, Token);
            await reply.WaitAsync(Guard, Token);

            Assert.False(session.IsWaitingForReply); // disposed: the dialogue was cancelled (AT+CUSD=2)
            await stop.CancelAsync();
            await served.WaitAsync(Guard, Token);
        }
        await device.DisposeAsync();
    }

    private static string Held(TaskCompletionSource seen, TaskCompletionSource release, string reply)
    {
        seen.TrySetResult();
        release.Task.Wait(Guard);
        return reply;
    }

    private static string Seen(TaskCompletionSource seen, string reply)
    {
        seen.TrySetResult();
        return reply;
    }
}
