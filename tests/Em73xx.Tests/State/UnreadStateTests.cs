using Drivers.Em73xx.Simulation;
using Drivers.Em73xx.Sms;

namespace Drivers.Em73xx.Tests.State;

// The SIM marks a message read the first time it is listed (TS 27.005 3.4.2); with a state folder the driver keeps it
// unread until the user has seen it, across instances (processes) and reboots, per SIM.
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreadStateTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "em73xx-state-" + Guid.NewGuid().ToString("N"));
    private readonly string _outside = Path.Combine(Path.GetTempPath(), "em73xx-outside-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string StateDirectory => Path.Combine(_folder, "xsms");

    public void Dispose()
    {
        foreach (var path in new[] { _folder, _outside })
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            File.Delete(path);
        }
    }

    private async Task<int> CountInNewInstanceAsync(SimulatedModem simulator, string? folder = null)
    {
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = folder ?? StateDirectory }, Token);
        return await modem.CountUnreadAsync(Token);
    }

    private async Task<IReadOnlyList<SmsMessage>> ListInNewInstanceAsync(SimulatedModem simulator)
    {
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = StateDirectory }, Token);
        return await modem.ListMessagesAsync(cancellationToken: Token);
    }

    private string StateFile => Assert.Single(Directory.GetFiles(StateDirectory));

    [Fact]
    public async Task Without_a_state_folder_the_sim_forgets_a_message_once_counted()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token);

        Assert.Equal((1, 0), (await modem.CountUnreadAsync(Token), await modem.CountUnreadAsync(Token)));
    }

    [Fact]
    public async Task A_message_counted_in_one_instance_is_still_unread_in_the_next_until_it_is_listed()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        simulator.StoreMessage(SmsStatus.Read, "+420775123457", "old");

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        Assert.All(simulator.StoredMessages, m => Assert.Equal(SmsStatus.Read, m.Status)); // the SIM has marked it read
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));

        var listed = await ListInNewInstanceAsync(simulator);

        Assert.Equal(SmsStatus.Unread, listed.Single(m => m.Text == "new").Status); // shown as unread this once
        Assert.Equal(SmsStatus.Read, listed.Single(m => m.Text == "old").Status);
        Assert.Equal(0, await CountInNewInstanceAsync(simulator));
        Assert.Equal(SmsStatus.Read, (await ListInNewInstanceAsync(simulator)).Single(m => m.Text == "new").Status);
    }

    [Fact]
    public async Task Reading_a_message_marks_only_it_seen()
    {
        await using var simulator = new SimulatedModem();
        var first = simulator.DeliverMessage("+420775123456", "one");
        simulator.DeliverMessage("+420775123456", "two");
        Assert.Equal(2, await CountInNewInstanceAsync(simulator));

        await using (var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = StateDirectory }, Token))
        {
            Assert.Equal(SmsStatus.Unread, (await modem.ReadMessageAsync(first, Token))!.Status);
            Assert.Equal(SmsStatus.Read, (await modem.ReadMessageAsync(first, Token))!.Status);
        }

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task A_message_stays_unread_across_a_modem_reboot()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { RebootDuration = TimeSpan.Zero });
        simulator.DeliverMessage("+420775123456", "new");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        await using (var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token))
        {
            await modem.RebootAsync(Token);
        }

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task Another_sims_unseen_messages_are_never_counted_for_this_one()
    {
        await using var first = new SimulatedModem(new SimulatedModemOptions { Imsi = "230011111111111" });
        await using var second = new SimulatedModem(new SimulatedModemOptions { Imsi = "230012222222222" });
        var sent = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(1));
        first.DeliverMessage("+420775123456", "same", sent);
        second.StoreMessage(SmsStatus.Read, "+420775123456", "same", sent); // same slot, sender, time and text

        Assert.Equal(1, await CountInNewInstanceAsync(first));
        Assert.Equal(0, await CountInNewInstanceAsync(second));
        Assert.Equal(1, await CountInNewInstanceAsync(first));
        Assert.Single(Directory.GetFiles(StateDirectory)); // the second SIM has nothing unseen to keep
    }

    [Fact]
    public async Task The_state_holds_only_messages_still_on_the_sim()
    {
        await using var simulator = new SimulatedModem();
        var index = simulator.DeliverMessage("+420775123456", "new");
        simulator.DeliverMessage("+420775123456", "newer");
        Assert.Equal(2, await CountInNewInstanceAsync(simulator));
        Assert.Equal(3, File.ReadAllLines(StateFile).Length); // a header and two entries

        await using (var modem = await Modem.OpenAsync(simulator.OpenStream(), cancellationToken: Token))
        {
            await modem.DeleteMessageAsync(index, Token);
        }

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        Assert.Equal(2, File.ReadAllLines(StateFile).Length);
    }

    [Fact]
    public async Task A_message_watched_arriving_still_counts_as_unread()
    {
        await using var simulator = new SimulatedModem();
        await using (var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = StateDirectory }, Token))
        {
            var indications = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            simulator.CommandHandled += (_, command) =>
            {
                if (command.StartsWith("AT+CNMI", StringComparison.Ordinal))
                {
                    indications.TrySetResult();
                }
            };
            await using var messages = modem.WatchMessagesAsync(Token).GetAsyncEnumerator(Token);
            var next = messages.MoveNextAsync().AsTask();
            await indications.Task.WaitAsync(TimeSpan.FromSeconds(30), Token);
            simulator.DeliverMessage("+420775123456", "while watching");

            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(30), Token));
            Assert.Equal(SmsStatus.Unread, messages.Current.Status);
        }

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task Garbage_in_the_state_file_is_ignored_and_replaced()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));

        File.WriteAllBytes(StateFile, [0xFF, 0xFE, 0x00, (byte)'\n', .. "drivers-em73xx unseen 1\n"u8, .. new byte[3000]]);
        Assert.Equal(0, await CountInNewInstanceAsync(simulator)); // what the SIM says: already read

        File.WriteAllText(StateFile, "drivers-em73xx unseen 1\nnot hex at all\n" + new string('z', 32) + "\n");
        Assert.Equal(0, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task A_huge_state_file_is_not_read()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        var lines = File.ReadAllText(StateFile);
        File.WriteAllText(StateFile, lines + new string('\n', 128 * 1024));

        Assert.Equal(0, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task A_link_planted_as_the_state_file_is_never_followed_out()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        var state = StateFile;
        var content = File.ReadAllText(state);
        File.WriteAllText(_outside, content); // a target that would count the message if it were read
        File.Delete(state);
        File.CreateSymbolicLink(state, _outside);

        Assert.Equal(0, await CountInNewInstanceAsync(simulator)); // not read through the link
        simulator.DeliverMessage("+420775123456", "newer");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));

        Assert.Equal(content, File.ReadAllText(_outside)); // nor written through it
        Assert.Null(new FileInfo(state).LinkTarget); // the link was replaced by a file of ours
    }

    [Fact]
    public async Task A_state_file_of_another_owner_is_not_believed()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        Assert.True(ChangeOwner(StateFile, 65534)); // nobody

        Assert.Equal(0, await CountInNewInstanceAsync(simulator));
    }

    [Fact]
    public async Task A_state_folder_that_is_a_link_or_open_to_others_is_not_used_and_nothing_fails()
    {
        await using var simulator = new SimulatedModem();
        simulator.DeliverMessage("+420775123456", "new");
        Directory.CreateDirectory(_outside);
        Directory.CreateDirectory(_folder);
        Directory.CreateSymbolicLink(StateDirectory, _outside);

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        Assert.Equal(0, await CountInNewInstanceAsync(simulator)); // as without state
        Assert.Empty(Directory.GetFileSystemEntries(_outside));

        var open = Path.Combine(_folder, "open");
        Directory.CreateDirectory(open);
        File.SetUnixFileMode(open, (UnixFileMode)0x1FF); // rwxrwxrwx
        simulator.DeliverMessage("+420775123456", "newer");
        Assert.Equal(1, await CountInNewInstanceAsync(simulator, open));
        Assert.Empty(Directory.GetFileSystemEntries(open));

        var file = Path.Combine(_folder, "file");
        File.WriteAllText(file, "");
        Assert.Equal(0, await CountInNewInstanceAsync(simulator, file));
    }

    [Fact]
    public async Task A_relative_state_folder_is_refused_naming_the_option()
    {
        await using var simulator = new SimulatedModem();

        var e = await Assert.ThrowsAsync<ArgumentException>(() =>
            Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = "state" }, Token));

        Assert.Equal("UnreadStateDirectory", e.ParamName);
    }

    [Fact]
    public async Task A_sim_without_an_imsi_counts_as_the_sim_says()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { Imsi = "not an imsi" });
        simulator.DeliverMessage("+420775123456", "new");

        Assert.Equal(1, await CountInNewInstanceAsync(simulator));
        Assert.Equal(0, await CountInNewInstanceAsync(simulator));
        Assert.False(Directory.Exists(StateDirectory));
    }

    [Fact]
    public async Task A_sim_unlocked_after_the_first_count_keeps_its_unread_state_from_then_on()
    {
        await using var simulator = new SimulatedModem(new SimulatedModemOptions { PinLocked = true });
        await using var modem = await Modem.OpenAsync(simulator.OpenStream(), new ModemOptions { UnreadStateDirectory = StateDirectory }, Token);
        await Assert.ThrowsAsync<SimLockedException>(() => modem.CountUnreadAsync(Token));
        await modem.UnlockAsync("1234", Token);
        simulator.DeliverMessage("+420775123456", "new");

        Assert.Equal((1, 1), (await modem.CountUnreadAsync(Token), await modem.CountUnreadAsync(Token)));
    }

    private static bool ChangeOwner(string path, int uid)
    {
        using var chown = System.Diagnostics.Process.Start("chown", [uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path]);
        chown.WaitForExit();
        return chown.ExitCode == 0;
    }
}
