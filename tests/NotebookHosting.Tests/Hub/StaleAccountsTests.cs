using System.Diagnostics;
using Drivers.NotebookHosting.Tests.Infrastructure;

namespace Drivers.NotebookHosting.Tests.Hub;

/// <summary>The sweep of accounts that a killed test run left behind.</summary>
public sealed class StaleAccountsTests : IDisposable
{
    private readonly TemporaryDirectory _markers = new();

    public void Dispose() => _markers.Dispose();

    [Fact]
    public async Task An_account_whose_creating_run_is_gone_is_removed_with_its_processes_and_home_and_a_running_ones_is_kept()
    {
        Assert.True(TestAccount.CanCreate, "Accounts are made and swept only where the tests run as root (CI, containers).");
        var stale = "nbh" + Guid.NewGuid().ToString("N")[..12];
        var live = "nbh" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            foreach (var name in new[] { stale, live })
            {
                var created = await Tool.RunAsync("/usr/sbin/useradd", "--create-home", "--user-group", "--shell", "/bin/sh", name);
                Assert.True(created.ExitCode == 0, created.StandardError);
                StaleAccounts.Mark(_markers.Path, name);
            }
            // The stale one's creator: this process id with another start time, as after kill -9 and the id's reuse.
            var mine = StaleAccounts.Creator(Environment.ProcessId)!.Split(' ');
            File.WriteAllText(_markers[stale], $"{mine[0]} {long.Parse(mine[1], System.Globalization.CultureInfo.InvariantCulture) + 1} {mine[2]}");
            // A server of the stale account still running, as the killed run left it.
            using var leftOver = Process.Start("/usr/bin/setpriv", ["--reuid=" + (await Tool.RunAsync("/usr/bin/id", "-u", stale)).StandardOutput.Trim(), "--regid=0", "--clear-groups", "/bin/sleep", "600"]);

            var swept = StaleAccounts.Sweep(_markers.Path);

            Assert.Equal([stale], swept);
            Assert.NotEqual(0, (await Tool.RunAsync("/usr/bin/id", "-u", stale)).ExitCode);
            Assert.False(Directory.Exists($"/home/{stale}"));
            Assert.True(leftOver.WaitForExit(30_000));
            Assert.False(File.Exists(_markers[stale]));
            Assert.Equal(0, (await Tool.RunAsync("/usr/bin/id", "-u", live)).ExitCode);
            Assert.True(File.Exists(_markers[live]));
        }
        finally
        {
            TestAccount.Remove(stale);
            TestAccount.Remove(live);
        }
    }
    [Fact]
    public async Task A_marker_folder_another_user_owns_or_can_write_is_neither_swept_nor_written()
    {
        Assert.True(TestAccount.CanCreate, "Accounts are made and swept only where the tests run as root (CI, containers).");
        // Planted in /var/tmp by another local user before the tests ran: theirs, open to all, with a pipe named like an
        // account (reading it would block forever) and a marker of a creator long gone.
        var planted = _markers["planted"];
        Directory.CreateDirectory(planted);
        File.SetUnixFileMode(planted, (UnixFileMode)0b111_111_111);
        Assert.Equal(0, (await Tool.RunAsync("/usr/bin/mkfifo", _markers["planted/nbh0123456789ab"])).ExitCode);
        File.WriteAllText(_markers["planted/nbhba9876543210"], "1 1 00000000-0000-0000-0000-000000000000\n");
        Assert.Equal(0, (await Tool.RunAsync("/usr/bin/chown", "-R", "nobody", planted)).ExitCode);

        var swept = await Task.Run(() => StaleAccounts.Sweep(planted), TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Empty(swept);
        Assert.True(File.Exists(_markers["planted/nbhba9876543210"]));
        Assert.Throws<UnauthorizedAccessException>(() => StaleAccounts.Mark(planted, "nbh" + Guid.NewGuid().ToString("N")[..12]));
        Assert.Equal(2, Directory.EnumerateFileSystemEntries(planted).Count());
    }
}
